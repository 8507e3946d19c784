import { chromium } from '@playwright/test';
const exp = process.argv[2];
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
await page.goto(`http://127.0.0.1:5181/experiments/${exp}`);
await page.waitForSelector('[data-testid="run-row"]');
// load all pages first
for (let i = 0; i < 40; i++) { await page.evaluate(`document.querySelector('.dt-scroll').scrollTop = 1e9`); await page.waitForTimeout(400); const t = await page.getByTestId('runs-status').textContent(); if (!t.includes('more')) break; }
const variants = {
  none: '',
  rowContain: '.dt-row { contain: layout style; } ',
  cellContain: '.dt-td { contain: strict; }',
  both: '.dt-row { contain: layout style; } .dt-td { contain: strict; }',
};
const measure = `new Promise((resolve) => { const s = document.querySelector('.dt-scroll'); s.scrollTop = 0; let f = 0; const times = []; let last = performance.now(); const step = () => { const now = performance.now(); times.push(now - last); last = now; s.scrollTop += 340; f++; if (f < 150) requestAnimationFrame(step); else { times.sort((a,b)=>a-b); resolve({ median: times[Math.floor(times.length/2)], p90: times[Math.floor(times.length*0.9)], max: times[times.length-1] }); } }; requestAnimationFrame(step); })`;
for (let round = 0; round < 3; round++) for (const [name, css] of Object.entries(variants)) {
  await page.evaluate((css) => { let el = document.getElementById('bench-css'); if (!el) { el = document.createElement('style'); el.id = 'bench-css'; document.head.appendChild(el); } el.textContent = css; }, css);
  await page.waitForTimeout(200);
  const r = await page.evaluate(measure);
  console.log(round, name.padEnd(12), JSON.stringify(r));
}
await browser.close();
