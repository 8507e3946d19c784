// Users and permissions in the UI against the bundled server with --app-name basic-auth: the
// sign-in form, the signed-in user in the header, a READ user who cannot promote (the control is
// disabled and says why), an admin granting EDIT on the admin page, and that EDIT user promoting.
import { mkdirSync } from 'node:fs';
import { request as playwrightRequest, type APIRequestContext, type Page } from '@playwright/test';
import { expect, expectNoSeriousA11yIssues, screenshotBothThemes, test, uniqueName } from './support/fixtures';
import { authAdmin, authPort } from './support/ports';
import { traceDataJson } from './support/trace-seed';

const authBase = `http://127.0.0.1:${authPort}`;

function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
}

/** The REST API as the admin, the way a script with MLFLOW_TRACKING_USERNAME/PASSWORD calls it. */
async function adminApi(): Promise<APIRequestContext> {
  return playwrightRequest.newContext({
    baseURL: authBase,
    extraHTTPHeaders: { Authorization: basicAuth(authAdmin.username, authAdmin.password) },
  });
}

async function call<T = Record<string, unknown>>(
  api: APIRequestContext,
  method: 'GET' | 'POST',
  path: string,
  body: Record<string, unknown> = {},
): Promise<T> {
  const response =
    method === 'GET'
      ? await api.get(`/api/2.0/mlflow/${path}`, { params: body as Record<string, string> })
      : await api.post(`/api/2.0/mlflow/${path}`, { data: body });
  const text = await response.text();
  if (!response.ok()) throw new Error(`${method} ${path} failed with ${response.status()}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The visible viewport in both themes: a full-page capture scrolls, which closes an open menu. */
async function screenshotViewport(page: Page, name: string): Promise<void> {
  mkdirSync('e2e/screenshots', { recursive: true });
  for (const scheme of ['light', 'dark'] as const) {
    await page.evaluate((theme) => {
      document.documentElement.dataset.theme = theme;
    }, scheme);
    await page.screenshot({ path: `e2e/screenshots/${name}-${scheme}.png` });
  }
}

async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/signin/);
}

test.describe('auth', () => {
  test('sign-in form: wrong password, then back to the page asked for, user in the header', async ({ page, consoleGuard }) => {
    // The refused password answers 401; Chromium logs that response.
    consoleGuard.allow(/status of 401/);
    await page.goto(`${authBase}/models`);
    await expect(page).toHaveURL(`${authBase}/signin?next=%2Fmodels`);
    await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
    await expectNoSeriousA11yIssues(page);
    await screenshotBothThemes(page, 'auth-signin');

    await signIn(page, authAdmin.username, 'not-the-password');
    await expect(page.getByRole('alert').filter({ hasText: /password/ })).toHaveText('Wrong user name or password.');
    await screenshotBothThemes(page, 'auth-signin-error');

    await page.getByLabel('Password').fill(authAdmin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(`${authBase}/models`);
    await expect(page.getByTestId('signed-in-user')).toHaveText(authAdmin.username);
    await expect(page.getByTestId('user-name-button')).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Users' })).toBeVisible();

    // The session is an HttpOnly cookie: scripts on the page cannot read it.
    expect(await page.evaluate(() => document.cookie)).not.toContain('runboard_session');
    const cookie = (await page.context().cookies(authBase)).find((item) => item.name === 'runboard_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict' });

    await signOut(page);
    await page.goto(`${authBase}/experiments`);
    await expect(page).toHaveURL(/\/signin\?next=%2Fexperiments/);
  });

  test('a READ user cannot promote (disabled, with the reason); an admin grants EDIT; the EDIT user promotes', async ({ page }) => {
    const api = await adminApi();
    const model = uniqueName('rb-auth-model');
    const reader = { username: uniqueName('reader'), password: 'reader-password-1' };
    const editor = { username: uniqueName('editor'), password: 'editor-password-1' };
    await call(api, 'POST', 'users/create', reader);
    await call(api, 'POST', 'users/create', editor);
    await call(api, 'POST', 'registered-models/create', { name: model });
    await call(api, 'POST', 'model-versions/create', { name: model, source: 'mlflow-artifacts:/models/m1' });

    // The admin grants EDIT on the model to the editor on the admin page.
    await page.goto(`${authBase}/admin/users`);
    await signIn(page, authAdmin.username, authAdmin.password);
    await expect(page).toHaveURL(`${authBase}/admin/users`);
    await expect(page.getByRole('heading', { name: 'Users and permissions' })).toBeVisible();
    await page.getByRole('button', { name: `Permissions of ${editor.username}` }).click();
    const permissions = page.getByRole('region', { name: `Permissions of ${editor.username}` });
    await expect(permissions.getByText('No model permissions.')).toBeVisible();
    await permissions.getByLabel('Grant on model').selectOption(model);
    await permissions.getByLabel('Permission to grant').last().selectOption('EDIT');
    await permissions.getByRole('button', { name: 'Grant' }).last().click();
    await expect(permissions.getByLabel(`Permission of ${editor.username} on ${model}`, { exact: true })).toHaveValue('EDIT');
    const granted = await call<{ registered_model_permission: { permission: string } }>(api, 'GET', 'registered-models/permissions/get', {
      name: model,
      username: editor.username,
    });
    expect(granted.registered_model_permission.permission).toBe('EDIT');
    await expectNoSeriousA11yIssues(page);
    await screenshotBothThemes(page, 'auth-admin-users');
    await signOut(page);

    // The reader (default READ) sees the model but may not promote it, and is told why.
    await page.goto(`${authBase}/models/${encodeURIComponent(model)}`);
    await signIn(page, reader.username, reader.password);
    await expect(page.getByRole('heading', { name: model, level: 1 })).toBeVisible();
    const reason = 'You have READ permission on this model; this needs EDIT. Ask an admin or the owner for access.';
    await expect(page.getByTestId('permission-note')).toHaveText(reason);
    await expect(page.getByRole('button', { name: 'Rename' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Delete', exact: true })).toBeDisabled();
    // Description and tags need EDIT too: their controls stay visible, disabled, with the reason.
    await expect(page.getByRole('button', { name: 'Edit model description' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Edit model description' })).toHaveAttribute('title', reason);
    await expect(page.getByRole('button', { name: 'Add tag' })).toBeDisabled();
    await page.getByRole('button', { name: 'Actions for version 1' }).click();
    const menu = page.getByRole('menu', { name: 'Actions for version 1' });
    // Stages and aliases need EDIT; deleting the version needs MANAGE.
    await expect(menu.getByRole('note')).toHaveText([
      reason,
      'You have READ permission on this model; this needs MANAGE. Ask an admin or the owner for access.',
    ]);
    await expect(menu.getByRole('menuitem', { name: 'Move to Production…' })).toBeDisabled();
    await expect(menu.getByRole('menuitem', { name: 'Set an alias…' })).toBeDisabled();
    await expect(menu.getByRole('menuitem', { name: 'Delete version…' })).toBeDisabled();
    await screenshotViewport(page, 'auth-read-only-menu');
    await page.keyboard.press('Escape');
    // Experiments: deleting needs MANAGE, renaming EDIT; the reader has READ on Default.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Experiments' }).click();
    await expect(page.getByRole('button', { name: 'Delete Default' })).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Delete Default' })).toHaveAttribute('title', /this needs MANAGE/);
    await expect(page.getByRole('button', { name: 'Rename Default' })).toBeDisabled();
    await signOut(page);

    // The editor promotes version 1; the registry timeline records the signed-in user.
    await page.goto(`${authBase}/models/${encodeURIComponent(model)}`);
    await signIn(page, editor.username, editor.password);
    await expect(page.getByTestId('signed-in-user')).toHaveText(editor.username);
    await expect(page.getByTestId('permission-note')).toContainText('You have EDIT permission on this model; this needs MANAGE');
    await page.getByRole('button', { name: 'Actions for version 1' }).click();
    await expect(page.getByRole('menuitem', { name: 'Delete version…' })).toBeDisabled();
    await page.getByRole('menuitem', { name: 'Move to Production…' }).click();
    await page.getByRole('dialog', { name: 'Move version 1 to Production?' }).getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByTestId('toast-success').last()).toContainText('Version 1 is now in Production');
    const versions = await call<{ model_versions: { current_stage: string }[] }>(api, 'GET', 'model-versions/search', {
      filter: `name = '${model}'`,
    });
    expect(versions.model_versions[0]?.current_stage).toBe('Production');
    const events = await api.get('/api/2.0/runboard/registry-events', { params: { name: model } });
    const timeline = (await events.json()) as { events: { event_type: string; user_id?: string }[] };
    expect(timeline.events[0]).toMatchObject({ event_type: 'VERSION_STAGE_CHANGED', user_id: editor.username });
    await api.dispose();
  });

  test('a READ user sees the tags of a trace but cannot change them, and is told why', async ({ page }) => {
    const api = await adminApi();
    const reader = { username: uniqueName('trace-reader'), password: 'reader-password-1' };
    await call(api, 'POST', 'users/create', reader);
    const { experiment_id: experimentId } = await call<{ experiment_id: string }>(api, 'POST', 'experiments/create', {
      name: uniqueName('auth-traces'),
    });
    // A trace as MLflow's 2.x client logs it, as the admin: start, upload its spans, end.
    const now = Date.now();
    const started = await api.post('/api/2.0/mlflow/traces', {
      data: {
        experiment_id: experimentId,
        timestamp_ms: now,
        request_metadata: [],
        tags: [
          { key: 'mlflow.traceName', value: 'guarded' },
          { key: 'team', value: 'search' },
        ],
      },
    });
    expect(started.ok()).toBe(true);
    const { trace_info: info } = (await started.json()) as { trace_info: { request_id: string; tags: { key: string; value: string }[] } };
    const location = info.tags.find((tag) => tag.key === 'mlflow.artifactLocation')?.value ?? '';
    const uploaded = await api.put(`/api/2.0/mlflow-artifacts/artifacts/${location.replace('mlflow-artifacts:/', '')}/traces.json`, {
      headers: { 'Content-Type': 'application/json' },
      data: traceDataJson(info.request_id, {
        experimentId,
        name: 'guarded',
        timestampMs: now,
        status: 'OK',
        spans: [{ id: 'root', name: 'guarded', startMs: 0, endMs: 10 }],
      }),
    });
    expect(uploaded.ok()).toBe(true);
    const ended = await api.patch(`/api/2.0/mlflow/traces/${info.request_id}`, {
      data: { request_id: info.request_id, timestamp_ms: now + 10, status: 'OK' },
    });
    expect(ended.ok()).toBe(true);

    // Signed in first: a deep link into an experiment asks experiments/get before the sign-in
    // redirect (a 401 in the console), which is the app shell's business, not this test's.
    const tracePath = `/experiments/${experimentId}/traces/${info.request_id}`;
    await page.goto(`${authBase}/signin?next=${encodeURIComponent(tracePath)}`);
    await signIn(page, reader.username, reader.password);
    await expect(page).toHaveURL(`${authBase}${tracePath}`);
    await expect(page.getByRole('heading', { name: 'guarded', level: 1 })).toBeVisible();
    const panel = page.locator('.trace-tags-panel');
    await panel.locator('summary').click();
    await expect(page.getByRole('table', { name: 'Trace tags' })).toContainText('search');
    await expect(panel.getByRole('button', { name: 'Add tag' })).toBeDisabled();
    await expect(panel.getByRole('button', { name: 'Add tag' })).toHaveAttribute(
      'title',
      'You have READ permission on this experiment; this needs EDIT. Ask an admin or the owner for access.',
    );
    await expect(panel.getByRole('button', { name: 'Edit tag team' })).toHaveCount(0);
    await expect(panel.getByRole('button', { name: 'Delete tag team' })).toHaveCount(0);
    await api.dispose();
  });

  test('the admin page creates a user, makes them admin, resets their password and deletes them', async ({ page }) => {
    const api = await adminApi();
    const newcomer = uniqueName('newcomer');
    await page.goto(`${authBase}/admin/users`);
    await signIn(page, authAdmin.username, authAdmin.password);
    const addUser = page.getByRole('region', { name: 'Add a user' });
    await addUser.getByLabel('User name').fill(newcomer);
    await addUser.getByLabel('Password').fill('first-password-1');
    await addUser.getByRole('button', { name: 'Create user' }).click();
    const row = page.getByRole('row').filter({ has: page.getByRole('button', { name: `Permissions of ${newcomer}` }) });
    await expect(row).toContainText('user');
    await expect(page.getByRole('heading', { name: `Permissions of ${newcomer}` })).toBeVisible();

    await row.getByRole('button', { name: 'Make admin' }).click();
    await expect(row.getByText('admin', { exact: true })).toBeVisible();
    await row.getByRole('button', { name: 'Reset password' }).click();
    const dialog = page.getByRole('dialog', { name: `New password for ${newcomer}` });
    await dialog.getByLabel('New password').fill('second-password-2');
    await dialog.getByRole('button', { name: 'Set password' }).click();
    await expect(dialog).toHaveCount(0);
    const asNewcomer = await api.get('/api/2.0/mlflow/users/get', {
      params: { username: newcomer },
      headers: { Authorization: basicAuth(newcomer, 'second-password-2') },
    });
    expect(await asNewcomer.json()).toMatchObject({ user: { username: newcomer, is_admin: true } });

    await row.getByRole('button', { name: `Delete ${newcomer}` }).click();
    await page.getByRole('dialog', { name: 'Delete user?' }).getByRole('button', { name: 'Delete' }).click();
    await expect(page.getByRole('button', { name: `Permissions of ${newcomer}` })).toHaveCount(0);
    const gone = await api.get('/api/2.0/mlflow/users/get', { params: { username: newcomer } });
    expect(gone.status()).toBe(404);
    await api.dispose();
  });
});
