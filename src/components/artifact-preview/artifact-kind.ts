// Which preview an artifact gets, from its name (and size).

export type ArtifactKind = 'image' | 'text' | 'json' | 'yaml' | 'csv' | 'markdown' | 'html' | 'mlmodel' | 'binary';

const EXTENSIONS: Record<string, ArtifactKind> = {
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  gif: 'image',
  svg: 'image',
  webp: 'image',
  bmp: 'image',
  ico: 'image',
  json: 'json',
  jsonl: 'text',
  ndjson: 'text',
  geojson: 'json',
  ipynb: 'json',
  yaml: 'yaml',
  yml: 'yaml',
  csv: 'csv',
  tsv: 'csv',
  md: 'markdown',
  markdown: 'markdown',
  html: 'html',
  htm: 'html',
  txt: 'text',
  log: 'text',
  out: 'text',
  err: 'text',
  py: 'text',
  r: 'text',
  sh: 'text',
  sql: 'text',
  toml: 'text',
  ini: 'text',
  cfg: 'text',
  conf: 'text',
  xml: 'text',
  js: 'text',
  ts: 'text',
  java: 'text',
  scala: 'text',
  c: 'text',
  cpp: 'text',
  h: 'text',
  go: 'text',
  rs: 'text',
  diff: 'text',
  patch: 'text',
  properties: 'text',
  env: 'text',
};

const TEXT_NAMES = new Set(['mlproject', 'dockerfile', 'makefile', 'license', 'readme', 'requirements', '.gitignore']);

export function fileExtension(name: string): string {
  const base = name.split('/').pop() ?? name;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export function artifactKind(path: string): ArtifactKind {
  const name = (path.split('/').pop() ?? path).toLowerCase();
  if (name === 'mlmodel') return 'mlmodel';
  if (TEXT_NAMES.has(name)) return 'text';
  return EXTENSIONS[fileExtension(name)] ?? 'binary';
}
