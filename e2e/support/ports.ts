// Ports of the servers Playwright starts (playwright.config.ts): E2E_PORT serves the UI and the
// bundled server; two more serve e2e/proxy-mode.spec.ts, far enough apart that parallel runs with
// neighbouring E2E_PORTs do not collide.
export const port = Number(process.env.E2E_PORT ?? 5055);
/** A bundled server answering only MLflow's own routes, as a real MLflow server would. */
export const mlflowOnlyPort = port + 1000;
/** The UI served with `--proxy-to` the MLflow-only server. */
export const proxyPort = port + 2000;
/** The bundled server with `--app-name basic-auth` (e2e/auth-*.spec.ts). */
export const authPort = port + 3000;
/** Its first admin, from RUNBOARD_ADMIN_USERNAME / RUNBOARD_ADMIN_PASSWORD. */
export const authAdmin = { username: 'e2e-admin', password: 'e2e-admin-password-1' };
