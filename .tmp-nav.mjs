import { chromium } from '@playwright/test';
const [base, exp] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.addInitScript(`new MutationObserver((_, o) => { if (document.querySelector('[data-testid="run-row"]')) { window.__first = performance.now(); o.disconnect(); } }).observe(document, { childList: true, subtree: true });`);
  await page.goto(`${base}/experiments/${exp}`);
  await page.waitForSelector('[data-testid="run-row"]');
  const r = await page.evaluate(() => ({ first: window.__first, dcl: performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd, res: performance.getEntriesByType('resource').map((e) => [e.name.split('/').pop().slice(0, 40), Math.round(e.startTime), Math.round(e.responseEnd), e.transferSize]) }));
  console.log('first', Math.round(r.first), 'dcl', Math.round(r.dcl));
  for (const x of r.res) console.log('   ', x.join('  '));
  await page.close();
}
await browser.close();
