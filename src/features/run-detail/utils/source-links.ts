// Links for a run's source: git commit pages on common hosts.

/** `git@github.com:org/repo.git` / `https://github.com/org/repo.git` → `https://github.com/org/repo`. */
export function normalizeRepoUrl(repoUrl: string): string | undefined {
  const trimmed = repoUrl.trim();
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+?)(?:\.git)?\/?$/.exec(trimmed);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  const https = /^https?:\/\/(?:[^@/]+@)?([^/]+)\/(.+?)(?:\.git)?\/?$/.exec(trimmed);
  if (https) return `https://${https[1]}/${https[2]}`;
  return undefined;
}

/** A browsable commit URL for GitHub, GitLab and Bitbucket repositories; undefined otherwise. */
export function commitUrl(repoUrl: string | undefined, commit: string | undefined): string | undefined {
  if (!repoUrl || !commit || !/^[0-9a-f]{7,40}$/i.test(commit)) return undefined;
  const base = normalizeRepoUrl(repoUrl);
  if (!base) return undefined;
  const host = new URL(base).hostname;
  if (host.includes('github')) return `${base}/commit/${commit}`;
  if (host.includes('gitlab')) return `${base}/-/commit/${commit}`;
  if (host.includes('bitbucket')) return `${base}/commits/${commit}`;
  return undefined;
}
