// A/B of the 5,000-span trace page of bench/traces.bench.ts (run that first: it seeds the data):
// the renderer's main-thread CPU time (CDP Performance.getMetrics ThreadTime, with the script,
// layout and style durations) while scrolling the span list top to bottom a screen per frame, and
// navigation → usable, two builds interleaved per repetition. CPU time rather than wall time
// because on a shared, loaded machine wall time mostly measures the wait for a core.
//
//   node --import tsx bench/traces-cpu.bench.ts <build A> <build B> [reps=5] [port=15213]
import { launchChromium, startBundledServer, BENCH_CACHE_DIR } from './lib/browser-bench';

const builds = process.argv.slice(2, 4);
const reps = Number(process.argv[4] ?? '5');
const port = Number(process.argv[5] ?? '15213');
if (builds.length !== 2) throw new Error('usage: traces-cpu.bench.ts <build A> <build B> [reps] [port]');
const servers = await Promise.all(
  builds.map((dist, index) =>
    startBundledServer({
      port: port + index,
      dist,
      dbFile: `${BENCH_CACHE_DIR}/traces.db`,
      workDir: `${BENCH_CACHE_DIR}/traces-cpu-${index}`,
    }),
  ),
);
const browser = await launchChromium();
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
try {
  const base0 = servers[0]!.base;
  const r = await fetch(`${base0}/api/2.0/mlflow/experiments/get-by-name?experiment_name=bench-traces-10000`);
  const experimentId = ((await r.json()) as { experiment: { experiment_id: string } }).experiment.experiment_id;
  const t = await fetch(`${base0}/api/2.0/mlflow/traces?experiment_ids=${experimentId}&filter=${encodeURIComponent("tags.bench = 'big'")}`);
  const traceId = ((await t.json()) as { traces: { request_id: string }[] }).traces[0]!.request_id;
  const results = builds.map(() => ({
    cpu: [] as number[],
    script: [] as number[],
    layout: [] as number[],
    style: [] as number[],
    usable: [] as number[],
    loadCpu: [] as number[],
  }));
  for (let rep = -1; rep < reps; rep += 1) {
    for (let index = 0; index < builds.length; index += 1) {
      const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, bypassCSP: true });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Performance.enable');
      const metrics = async () =>
        Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((metric) => [metric.name, metric.value]));
      const startMetrics = await metrics();
      await page.goto(`${servers[index]!.base}/experiments/${experimentId}/traces/${traceId}`);
      await page.waitForSelector('[data-testid="span-detail"]', { timeout: 60_000 });
      const usable = await page.evaluate<number>('performance.now()');
      await page.waitForTimeout(400);
      const before = await metrics();
      await page.evaluate(`new Promise((resolve) => {
        const element = document.querySelector('[data-testid="span-scroll"]');
        const step = () => {
          element.scrollTop += element.clientHeight;
          if (element.scrollTop + element.clientHeight >= element.scrollHeight - 2) resolve(undefined);
          else setTimeout(() => requestAnimationFrame(step), 16);
        };
        step();
      })`);
      await page.waitForTimeout(300);
      const after = await metrics();
      if (rep >= 0) {
        const result = results[index]!;
        result.cpu.push((after.ThreadTime! - before.ThreadTime!) * 1000);
        result.script.push((after.ScriptDuration! - before.ScriptDuration!) * 1000);
        result.layout.push((after.LayoutDuration! - before.LayoutDuration!) * 1000);
        result.style.push((after.RecalcStyleDuration! - before.RecalcStyleDuration!) * 1000);
        result.usable.push(usable);
        result.loadCpu.push((before.ThreadTime! - startMetrics.ThreadTime!) * 1000);
      }
      await context.close();
    }
  }
  builds.forEach((dist, index) => {
    const result = results[index]!;
    console.log(dist);
    for (const [name, values] of Object.entries(result))
      console.log(
        `  ${name.padEnd(8)} median ${median(values).toFixed(0).padStart(6)} ms  (${values.map((v) => v.toFixed(0)).join(', ')})`,
      );
  });
} finally {
  await browser.close();
  for (const server of servers) server.stop();
}
