import { describe, expect, it } from 'vitest';
import { artifactKind, fileExtension } from './artifact-kind';

describe('artifactKind', () => {
  it.each([
    ['model/MLmodel', 'mlmodel'],
    ['plots/loss.PNG', 'image'],
    ['metrics.json', 'json'],
    ['model/conda.yaml', 'yaml'],
    ['data/sample.csv', 'csv'],
    ['data/sample.tsv', 'csv'],
    ['README.md', 'markdown'],
    ['report.html', 'html'],
    ['logs/train.log', 'text'],
    ['MLproject', 'text'],
    ['model/model.pkl', 'binary'],
    ['noextension', 'binary'],
  ])('%s → %s', (path, kind) => {
    expect(artifactKind(path)).toBe(kind);
  });

  it('reads extensions', () => {
    expect(fileExtension('a/b.tar.gz')).toBe('gz');
    expect(fileExtension('.hidden')).toBe('');
  });
});
