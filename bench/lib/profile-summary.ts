// Reads a V8 .cpuprofile (from `node --cpu-prof`) and lists where the time went: self time per
// function, and inclusive time per function of the server's own code and its database layer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.split('/').slice(-2).join('/');
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim();
}

function busyMicros(profile: CpuProfile): number {
  const idle = new Set(
    profile.nodes.filter((node) => ['(idle)', '(program)'].includes(node.callFrame.functionName)).map((node) => node.id),
  );
  return profile.samples.reduce((sum, id, index) => sum + (idle.has(id) ? 0 : (profile.timeDeltas[index] ?? 0)), 0);
}

/**
 * The server's main-thread profile among the .cpuprofile files in `dir`: the busiest one (tsx's
 * module loader thread writes a second, mostly idle profile).
 */
export function serverProfile(dir: string): string | undefined {
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .map((name) => join(dir, name));
  const busy = new Map(files.map((file) => [file, busyMicros(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile)]));
  return files.sort((a, b) => (busy.get(b) ?? 0) - (busy.get(a) ?? 0))[0];
}

export function summarizeProfile(path: string, top = 20): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    total += delta;
    const leaf = byId.get(id);
    if (!leaf) return;
    self.set(frameName(leaf), (self.get(frameName(leaf)) ?? 0) + delta);
    const seen = new Set<string>();
    for (let current: number | undefined = id; current !== undefined; current = parentOf.get(current)) {
      const node = byId.get(current);
      if (!node) break;
      const { url } = node.callFrame;
      if (!/mock-server\/(services|routes|http|store)|kysely|better-sqlite3/.test(url)) continue;
      const name = frameName(node);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + delta);
      seen.add(name);
    }
  });
  const list = (map: Map<string, number>): string =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(
        ([name, micros]) => `  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${((100 * micros) / total).toFixed(1).padStart(5)}%  ${name}`,
      )
      .join('\n');
  return [
    `profile ${path}: ${(total / 1000).toFixed(0)} ms sampled`,
    'self time:',
    list(self),
    'inclusive time (server code, kysely, better-sqlite3):',
    list(inclusive),
  ].join('\n');
}
