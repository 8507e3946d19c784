// The MIME type an artifact download is sent with: MLflow's _guess_mime_type (text-like files,
// `.json` included, as text/plain; then Python's mimetypes table; else octet-stream).

// mlflow/utils/mime_type_utils.py get_text_extensions(), plus MLmodel / MLproject (no extension).
const TEXT_EXTENSIONS = new Set([
  'txt',
  'log',
  'err',
  'cfg',
  'conf',
  'cnf',
  'cf',
  'ini',
  'properties',
  'prop',
  'hocon',
  'toml',
  'yaml',
  'yml',
  'xml',
  'json',
  'js',
  'py',
  'py3',
  'csv',
  'tsv',
  'md',
  'rst',
  'MLmodel',
  'MLproject',
]);

// The common part of Python's mimetypes table (case-insensitive extensions).
const PYTHON_MIME_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  jpe: 'image/jpeg',
  gif: 'image/gif',
  bmp: 'image/bmp',
  ico: 'image/vnd.microsoft.icon',
  svg: 'image/svg+xml',
  tif: 'image/tiff',
  tiff: 'image/tiff',
  webp: 'image/webp',
  avif: 'image/avif',
  html: 'text/html',
  htm: 'text/html',
  css: 'text/css',
  mjs: 'text/javascript',
  c: 'text/plain',
  h: 'text/plain',
  bat: 'text/plain',
  ksh: 'text/plain',
  pl: 'text/plain',
  sh: 'application/x-sh',
  pdf: 'application/pdf',
  zip: 'application/zip',
  tar: 'application/x-tar',
  wasm: 'application/wasm',
  bin: 'application/octet-stream',
  pkl: 'application/octet-stream',
  mp3: 'audio/mpeg',
  wav: 'audio/x-wav',
  ogg: 'audio/ogg',
  mp4: 'video/mp4',
  webm: 'video/webm',
  mov: 'video/quicktime',
  avi: 'video/x-msvideo',
};

export function guessMimeType(fileName: string): string {
  const base = fileName.slice(fileName.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  // os.path.splitext: a leading dot does not start an extension (`.env` has none).
  const extension = dot > 0 ? base.slice(dot + 1) : '';
  if (TEXT_EXTENSIONS.has(extension === '' ? base : extension)) return 'text/plain';
  return PYTHON_MIME_TYPES[extension.toLowerCase()] ?? 'application/octet-stream';
}
