import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test } from './support/fixtures';
import { runUrl, seedRun } from './support/run-seed';

test.describe('app shell', () => {
  test('redirects / to the experiments list and shows the header', async ({ page }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/experiments$/);
    const header = page.getByRole('banner');
    await expect(header.getByText('Runboard')).toBeVisible();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await expect(nav.getByRole('link', { name: 'Experiments' })).toHaveClass(/active/);
    await nav.getByRole('link', { name: 'Models' }).click();
    await expect(page).toHaveURL(/\/models$/);
    await expect(nav.getByRole('link', { name: 'Models' })).toHaveClass(/active/);
    await expect(page).toHaveTitle(/Runboard/);
  });

  test('follows the OS theme until the user picks one, and remembers the choice', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.goto('/experiments');
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'dark');

    // The OS changes while nothing is chosen: follow it.
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-theme', 'light');

    await page.getByRole('button', { name: 'Switch to dark theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgb(246, 247, 249)');

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    // A remembered choice wins over the OS.
    await page.emulateMedia({ colorScheme: 'light' });
    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.getByRole('button', { name: 'Switch to light theme' }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await page.evaluate(() => localStorage.getItem('runboard.theme'))).toBe('light');
  });

  test('shows a 404 page for unknown URLs, reload-safe', async ({ page }) => {
    await page.goto('/no/such/page');
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expect(page.getByText('/no/such/page')).toBeVisible();
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await expectNoSeriousA11yIssues(page);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshotBothThemes(page, 'app-shell-404');
    await page.getByRole('link', { name: 'Go to experiments' }).click();
    await expect(page).toHaveURL(/\/experiments$/);
  });

  test('deep links to every route survive a reload', async ({ page, api }) => {
    const run = await seedRun(api, 'shell-deep');
    const urls = [
      '/experiments',
      `/experiments/${run.experimentId}`,
      runUrl(run),
      `${runUrl(run)}/metrics/loss`,
      '/models',
      '/compare',
    ];
    for (const url of urls) {
      await page.goto(url);
      await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
      await page.reload();
      await expect(page.getByRole('main').getByRole('heading').first()).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Page not found' })).toHaveCount(0);
    }
  });

  test('breadcrumbs name the experiment and the run', async ({ page, api }) => {
    const run = await seedRun(api, 'shell-crumbs');
    await page.goto(`${runUrl(run)}/metrics/loss`);
    const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
    await expect(crumbs.getByRole('link', { name: run.experimentName })).toBeVisible();
    await expect(crumbs.getByRole('link', { name: run.runName })).toBeVisible();
    await expect(crumbs.locator('[aria-current="page"]')).toHaveText('loss');
    await crumbs.getByRole('link', { name: run.runName }).click();
    await expect(page).toHaveURL(new RegExp(`${runUrl(run)}$`));
    await expect(page.getByRole('heading', { level: 1, name: run.runName })).toBeVisible();
    await crumbs.getByRole('link', { name: run.experimentName }).click();
    await expect(page).toHaveURL(new RegExp(`/experiments/${run.experimentId}$`));
    await crumbs.getByRole('link', { name: 'Experiments' }).click();
    await expect(page).toHaveURL(/\/experiments$/);
  });

  test('"/" focuses the page search box, but not while typing', async ({ page }) => {
    await page.goto('/experiments');
    const search = page.getByRole('searchbox', { name: 'Search experiments by name' });
    await expect(search).toBeVisible();
    await page.locator('body').click();
    await page.keyboard.press('/');
    await expect(search).toBeFocused();
    await search.fill('a/b');
    await expect(search).toHaveValue('a/b');
  });

  test('a route that fails to load shows an error page whose retry recovers', async ({ page, api, consoleGuard }) => {
    consoleGuard.allow(/Failed to fetch dynamically imported module|Failed to load resource|net::ERR_FAILED|error loading dynamically imported module/i);
    const run = await seedRun(api, 'shell-error');
    await page.route('**/assets/run-route-*.js', (route) => route.abort());
    await page.goto(runUrl(run));
    await expect(page.getByRole('heading', { name: 'Something went wrong' })).toBeVisible();
    // The shell stays usable around the failed route.
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expectNoSeriousA11yIssues(page);
    await page.unroute('**/assets/run-route-*.js');
    await page.getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByRole('heading', { level: 1, name: run.runName })).toBeVisible();
  });

  test('shows a loading skeleton while data is on its way', async ({ page }) => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    await page.route('**/ajax-api/2.0/mlflow/experiments/search', async (route) => {
      await gate;
      await route.continue();
    });
    await page.goto('/experiments');
    await expect(page.getByRole('status', { name: 'Loading experiments' })).toBeVisible();
    release();
    await expect(page.getByRole('status', { name: 'Loading experiments' })).toHaveCount(0);
    await expect(page.getByRole('table', { name: 'Experiments' })).toBeVisible();
  });
});
