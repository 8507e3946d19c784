import { describe, expect, it } from 'vitest';
import { decodeSavedView, encodeSavedView, fromMlflowViewState, SHARED_VIEW_TAG_PREFIX, toMlflowViewState, viewParamsOf } from './shared-view-state';

const runboardQuery = 'q=metrics.acc+%3E+0.9&sort=metrics.acc&dir=asc&view=deleted&within=7d&cols=metrics.acc,params.lr,tags.team,user&pin=name&agg=max&diff=1&cg=params.lr&csm=0.6';

describe('saved views in MLflow 3.15 format', () => {
  it('maps the runs view to MLflow fields and keeps Runboard-only settings aside', () => {
    const state = toMlflowViewState(new URLSearchParams(`${runboardQuery}&sel=abc&exp=def&viewStateShareKey=old`), { 'metrics.acc': 180 });
    expect(state).toMatchObject({
      searchFilter: 'metrics.acc > 0.9',
      orderByKey: 'metrics.`acc`',
      orderByAsc: true,
      startTime: 'LAST_7_DAYS',
      lifecycleFilter: 'Deleted',
      modelVersionFilter: 'All Runs',
      selectedColumns: ['metrics.`acc`', 'params.`lr`', 'tags.`team`'],
    });
    // Selection, expanded rows and the view key are not part of a view.
    expect(state.runboard?.query).toBe(runboardQuery.replace('cols=metrics.acc,params.lr,tags.team,user', 'cols=metrics.acc%2Cparams.lr%2Ctags.team%2Cuser'));
    expect(state.runboard?.widths).toEqual({ 'metrics.acc': 180 });
  });

  it('round-trips through the experiment tag exactly', () => {
    const params = new URLSearchParams(runboardQuery);
    const value = encodeSavedView({ name: 'Best by acc', createdAt: 10, updatedAt: 20, params, widths: { name: 300 } });
    const envelope = JSON.parse(value) as Record<string, unknown>;
    expect(Object.keys(envelope).sort()).toEqual(['createdAt', 'name', 'state', 'updatedAt']);
    expect(typeof envelope.state).toBe('string');
    const view = decodeSavedView(`${SHARED_VIEW_TAG_PREFIX}v1`, value);
    expect(view).toMatchObject({ id: 'v1', name: 'Best by acc', createdAt: 10, updatedAt: 20, widths: { name: 300 } });
    expect(view?.params.toString()).toBe(viewParamsOf(params).toString());
  });

  it('opens a view saved by MLflow from its mapped fields', () => {
    const { params, widths } = fromMlflowViewState({
      searchFilter: "params.opt = 'adam'",
      orderByKey: 'metrics.`val loss`',
      orderByAsc: true,
      startTime: 'LAST_24_HOURS',
      lifecycleFilter: 'Active',
      selectedColumns: ['attributes.`Duration`', 'metrics.`val loss`', 'params.`opt`'],
      compareRunCharts: [{ type: 'BAR', metricKey: 'acc' }],
      groupBy: null,
    });
    expect(Object.fromEntries(params)).toEqual({ q: "params.opt = 'adam'", sort: 'metrics.val loss', dir: 'asc', within: '24h', cols: 'metrics.val loss,params.opt' });
    expect(widths).toEqual({});
    // MLflow's default order is Runboard's default: nothing to write.
    expect(fromMlflowViewState({ orderByKey: 'attributes.start_time', orderByAsc: false }).params.toString()).toBe('');
  });

  it('ignores other tags and unreadable values', () => {
    expect(decodeSavedView('mlflow.note.content', '{}')).toBeUndefined();
    expect(decodeSavedView(`${SHARED_VIEW_TAG_PREFIX}x`, 'not json')).toBeUndefined();
    expect(decodeSavedView(`${SHARED_VIEW_TAG_PREFIX}x`, JSON.stringify({ name: 'n', state: '[1' }))).toBeUndefined();
    expect(decodeSavedView(SHARED_VIEW_TAG_PREFIX, JSON.stringify({ name: 'n', state: '{}' }))).toBeUndefined();
  });
});
