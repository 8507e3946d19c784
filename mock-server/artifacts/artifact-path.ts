// Path safety for artifact routes (MLflow's validate_path_is_safe, stricter). Every artifact path
// that comes from a request passes through here before it reaches a store:
//   - the raw text and its fully percent-decoded form are both checked, so `%2E%2E`, `%252e%252e`
//     and friends cannot smuggle a `..` segment past the check;
//   - no NUL or other control characters, no backslashes, no `#`;
//   - no absolute paths (`/x`, `C:\x`, `C:x`, `//server/share`, `file:` URIs);
//   - no `..` segment anywhere.
// What comes out is a normalised relative POSIX path ('' for the root) that the stores resolve
// under their root and check once more.
import { invalidParameter, type MlflowError } from '../errors.js';

const MAX_DECODE_ROUNDS = 10;
/** Longest file or folder name most file systems (ext4, APFS, NTFS, S3 keys' parts) take, in bytes. */
export const MAX_ARTIFACT_SEGMENT_BYTES = 255;
/** Longest artifact path, in bytes: Linux's PATH_MAX less room for the artifact root and run folders. */
export const MAX_ARTIFACT_PATH_BYTES = 3072;
// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f-\u009f]/;
const DRIVE_LETTER = /^[A-Za-z]:/;
const FILE_URI = /^file:/i;

export function invalidPath(): MlflowError {
  return invalidParameter('Invalid path');
}

/**
 * Decodes percent escapes the way Python's urllib.parse.unquote does: malformed escapes stay as
 * they are, and byte runs that are not UTF-8 become U+FFFD instead of failing.
 */
export function percentDecode(text: string): string {
  if (!text.includes('%')) return text;
  return text.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => Buffer.from(run.replace(/%/g, ''), 'hex').toString('utf8'));
}

/** Decodes until the text stops changing (MLflow's `_decode`); too many layers is refused. */
export function fullyDecode(text: string): string {
  let current = text;
  for (let round = 0; round < MAX_DECODE_ROUNDS; round += 1) {
    const decoded = percentDecode(current);
    if (decoded === current) return current;
    current = decoded;
  }
  throw invalidPath();
}

function checkText(path: string): void {
  if (CONTROL_CHARACTERS.test(path) || path.includes('\\') || path.includes('#')) throw invalidPath();
  if (path.startsWith('/') || DRIVE_LETTER.test(path)) throw invalidPath();
  if (FILE_URI.test(path)) throw invalidPath();
  if (path.split('/').some((segment) => segment === '..')) throw invalidPath();
}

/**
 * Validates an artifact path and returns it normalised (`a//./b/` → `a/b`, `.` → ''). `path` is
 * the value to store under: already decoded once (a query value, or a URL path segment decoded
 * by `decodeUrlPath`). It is also checked after decoding it again until it stops changing.
 */
export function safeArtifactPath(path: string): string {
  checkText(path);
  const decoded = fullyDecode(path);
  if (decoded !== path) checkText(decoded);
  const segments = path.split('/').filter((segment) => segment !== '' && segment !== '.');
  const normalized = segments.join('/');
  if (Buffer.byteLength(normalized) > MAX_ARTIFACT_PATH_BYTES) {
    throw invalidParameter(`Invalid path: the artifact path is longer than ${MAX_ARTIFACT_PATH_BYTES} bytes.`);
  }
  if (segments.some((segment) => Buffer.byteLength(segment) > MAX_ARTIFACT_SEGMENT_BYTES)) {
    throw invalidParameter(`Invalid path: a file or folder name in the artifact path is longer than ${MAX_ARTIFACT_SEGMENT_BYTES} bytes.`);
  }
  return normalized;
}

/**
 * The artifact path carried by a raw (undecoded) URL path, e.g. the `*` part of
 * `/api/2.0/mlflow-artifacts/artifacts/*`. The raw text is checked first, then decoded once
 * (like Flask does) and validated with `safeArtifactPath`.
 */
export function artifactPathFromUrl(rawPath: string): string {
  checkText(rawPath);
  return safeArtifactPath(percentDecode(rawPath));
}

/** Joins normalised relative paths, skipping empty ones. */
export function joinArtifactPath(...parts: string[]): string {
  return parts.filter((part) => part !== '').join('/');
}

/** The last segment of a path ('' for the root). */
export function artifactBasename(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}
