import { describe, expect, it } from 'vitest';
import { buildCsv } from './csv';
import { csvColumnsFor } from './run-csv';
import { testRun } from './test-runs';

describe('runs CSV columns', () => {
  it('writes attributes then the visible data columns', () => {
    const run = testRun('abc', {
      runName: 'first, run',
      startTime: Date.UTC(2024, 0, 2, 3, 4, 5),
      endTime: Date.UTC(2024, 0, 2, 3, 4, 7),
      metrics: { acc: 0.5, loss: NaN },
      params: { lr: '=1' },
      tags: { team: 'x', 'mlflow.source.git.commit': 'deadbeef' },
      datasets: [{ name: 'iris', digest: 'd1', context: 'train', sourceType: '', source: '', schema: '', profile: '', tags: [] }],
    });
    const csv = buildCsv(csvColumnsFor(['status', 'metrics.acc', 'metrics.loss', 'params.lr', 'tags.team', 'tags.missing']), [run]);
    const [header, line] = csv.trim().split('\r\n');
    expect(header).toBe(
      'run_id,run_name,experiment_id,status,lifecycle_stage,start_time,end_time,duration_ms,user,source,git_commit,parent_run_id,datasets,logged_models,metrics.acc,metrics.loss,params.lr,tags.team,tags.missing',
    );
    expect(line).toBe('abc,"first, run",1,FINISHED,active,2024-01-02T03:04:05.000Z,2024-01-02T03:04:07.000Z,2000,alice,,deadbeef,,iris@d1:train,,0.5,NaN,\'=1,x,');
  });
});
