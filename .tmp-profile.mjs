import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
const exp = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
page.on('pageerror', (e) => console.log('pageerror', e.message));
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await page.goto(`http://127.0.0.1:5181/experiments/${exp}`);
await page.waitForSelector('[data-testid="run-row"]');
await page.waitForTimeout(500);
await cdp.send('Profiler.start');
const t0 = Date.now();
for (let i = 0; i < 120; i++) {
  const done = await page.evaluate(`new Promise((resolve) => { const s = document.querySelector('.dt-scroll'); let f = 0; const step = () => { s.scrollTop += 600; f++; if (f < 30 && s.scrollTop + s.clientHeight < s.scrollHeight - 2) requestAnimationFrame(step); else resolve(!(document.querySelector('[data-testid="runs-status"]')?.textContent || '').includes('more') && s.scrollTop + s.clientHeight >= s.scrollHeight - 2); }; requestAnimationFrame(step); })`);
  if (done) break;
}
console.log('scroll ms', Date.now() - t0);
const { profile } = await cdp.send('Profiler.stop');
writeFileSync('/tmp/rbw/scroll.cpuprofile', JSON.stringify(profile));
// summarize self time by function
const self = new Map(); const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const dt = profile.timeDeltas; const counts = new Map();
profile.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) { const n = byId.get(id); const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(key, (self.get(key) ?? 0) + us); }
const total = [...self.values()].reduce((a, b) => a + b, 0);
console.log('total ms', (total / 1000).toFixed(0));
for (const [k, v] of [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log((v / 1000).toFixed(1).padStart(8), k);
await browser.close();
