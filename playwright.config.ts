import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests on Debian's Chromium (Playwright's own browser download does not work offline).
 * Server 1: the app exactly as the quick start runs it, on a fresh embedded database.
 * Server 2: the same build on PostgreSQL behind a switch the outage tests cut (tests/e2e/outage-server.ts).
 * Before them, the SMTP catcher: mail leaves server 1 over real SMTP, as in production.
 */
const PORT = Number(process.env.E2E_PORT ?? 3100);
const OUTAGE_PORT = PORT + 1;
/** A real SMTP server the app sends its mail to; specs read what arrived (tests/e2e/mail-helpers.ts). */
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? PORT + 2);
export const E2E_DATABASE_FILE = 'data/e2e.db';
/** A real OpenID provider the app's social sign-in talks to (scripts/demo-oidc-provider.mts). */
const OIDC_PORT = PORT + 9;

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  // One retry in CI, reported as "flaky" in the log: a timing flake under load must not hide the rest.
  retries: process.env.CI ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'], channel: undefined }, testIgnore: /policy-change|fuzz|scale-out/ },
    // Publishes a material policy version for everyone: only after all other tests.
    { name: 'policy-change', use: { ...devices['Desktop Chrome'], channel: undefined }, testMatch: /policy-change/, dependencies: ['chromium'] },
    // Thousands of requests: after the others (it would slow them past their timeouts), and its
    // check of stored answers then covers what every test stored.
    // Two more production servers, nginx and a dozen load clients: alone, not beside the browser tests.
    { name: 'scale-out', use: { ...devices['Desktop Chrome'], channel: undefined }, testMatch: /scale-out\.spec/, dependencies: ['policy-change'] },
    { name: 'fuzz', testMatch: /fuzz\.spec/, dependencies: ['scale-out'] },
  ],
  webServer: [
    {
      command: 'tsx tests/e2e/smtp-catcher.ts',
      port: SMTP_PORT,
      env: { SMTP_CATCHER_PORT: String(SMTP_PORT) },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: 'tsx scripts/demo-oidc-provider.mts',
      port: OIDC_PORT,
      env: { OIDC_PORT: String(OIDC_PORT), APP_URL: `http://localhost:${PORT}` },
      reuseExistingServer: false,
      timeout: 30_000,
    },
    {
      command: `rm -f ${E2E_DATABASE_FILE} ${E2E_DATABASE_FILE}-wal ${E2E_DATABASE_FILE}-shm && tsx scripts/start.ts`,
      url: `http://localhost:${PORT}/api/health`,
      // PUBLIC_URL is left to `npm start` (http://localhost:PORT), as the quick start runs it.
      // Every browser test comes from 127.0.0.1: the public write rate limits are scaled up for them.
      env: {
        PORT: String(PORT),
        DATABASE_URL: `file:./${E2E_DATABASE_FILE}`,
        DRAFT_SWEEP_INTERVAL_MINUTES: '0',
        SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
        RATE_LIMIT_SCALE: '100',
        // policy: P3.5 — one social sign-in provider, the real one above.
        SOCIAL_LOGIN_PROVIDERS: 'demoid',
        SOCIAL_DEMOID_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
        SOCIAL_DEMOID_CLIENT_ID: 'sorgu-demo',
        SOCIAL_DEMOID_CLIENT_SECRET: 'sorgu-demo-secret-0123456789abcdef',
        SOCIAL_DEMOID_LABEL: 'Demo ID',
        // The app runs as in production; its provider is on the loopback (tests only).
        SOCIAL_ALLOW_LOOPBACK_ISSUER: '1',
      },
      reuseExistingServer: false,
      timeout: 240_000,
      stdout: 'pipe',
    },
    {
      command: 'tsx tests/e2e/outage-server.ts',
      port: OUTAGE_PORT,
      // Its errors are the point of the test; they are logged, not printed here.
      stderr: 'ignore',
      env: { OUTAGE_PORT: String(OUTAGE_PORT), OUTAGE_DB_PORT: String(PORT + 3), OUTAGE_SWITCH_PORT: String(PORT + 4) },
      reuseExistingServer: false,
      timeout: 120_000,
    },
  ],
});
