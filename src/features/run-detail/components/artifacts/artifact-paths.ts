/** `a/b/c.txt` → `a/b`; top-level → ''. */
export function parentPath(path: string): string {
  const index = path.lastIndexOf('/');
  return index === -1 ? '' : path.slice(0, index);
}

/** Every folder above a path: `a/b/c` → ['a', 'a/b']. */
export function ancestorPaths(path: string): string[] {
  const parts = path.split('/').filter(Boolean);
  return parts.slice(0, -1).map((_, index) => parts.slice(0, index + 1).join('/'));
}

export function joinPath(dir: string, name: string): string {
  return dir ? `${dir}/${name}` : name;
}
