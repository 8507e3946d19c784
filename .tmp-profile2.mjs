import { chromium } from '@playwright/test';
import { writeFileSync } from 'node:fs';
const exp = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
await page.addInitScript(`window.__lt = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lt.push([Math.round(e.startTime), Math.round(e.duration)]); }).observe({ type: 'longtask', buffered: true });`);
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
await page.goto(`http://127.0.0.1:5181/experiments/${exp}`);
await page.waitForSelector('[data-testid="run-row"]');
await page.waitForTimeout(500);
const t0 = await page.evaluate('performance.now()');
await cdp.send('Profiler.start');
for (let i = 0; i < 400; i++) {
  const done = await page.evaluate(`new Promise((resolve) => { const s = document.querySelector('.dt-scroll'); let f = 0; const step = () => { s.scrollTop += 300; f++; if (f < 60 && s.scrollTop + s.clientHeight < s.scrollHeight - 2) requestAnimationFrame(step); else resolve(!(document.querySelector('[data-testid="runs-status"]')?.textContent || '').includes('more') && s.scrollTop + s.clientHeight >= s.scrollHeight - 2); }; requestAnimationFrame(step); })`);
  if (done) break;
}
const { profile } = await cdp.send('Profiler.stop');
const lt = await page.evaluate('window.__lt');
const heap = await page.evaluate('performance.memory.usedJSHeapSize / 1048576');
console.log('heap MB', heap.toFixed(0), 'long tasks', lt.filter(([s]) => s > t0).length, 'max', Math.max(...lt.map(([, d]) => d)));
writeFileSync('/tmp/rbw/scroll10k.cpuprofile', JSON.stringify(profile));
writeFileSync('/tmp/rbw/lt.json', JSON.stringify({ t0, lt, startTime: profile.startTime }));
await browser.close();
