/**
 * The quick-start command: migrate, seed the demo, build when the sources changed, start, and
 * print the URL once the app answers. Honours PORT (default 3000) and DATABASE_URL (default:
 * embedded SQLite at ./data/sorgu.db). `--dev` runs `next dev` instead of a production build.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createDb } from '../src/server/create-db';
import { DEFAULT_DATABASE_URL } from '../src/lib/database-url';
import { mailRoute, MAILBOX_PATH } from '../src/features/mail/route';
import { seedDemo, type DemoCredential } from '../prisma/seed';
import { migrateDatabase } from './migrate';
import { buildIsStale, recordBuild } from './build-freshness';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const port = Number(process.env.PORT ?? 3000);
const databaseUrl = process.env.DATABASE_URL || DEFAULT_DATABASE_URL;
const nextBin = path.join(root, 'node_modules/.bin/next');

/** APP_SECRET from the environment, or one generated once into ./data/app-secret (git-ignored). */
function appSecret(): string {
  if (process.env.APP_SECRET) return process.env.APP_SECRET;
  const file = path.join(root, 'data/app-secret');
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/**
 * Links in mail are built from PUBLIC_URL, never from a request's Host header, and production
 * refuses to mail links without it: for the local demo it is this machine's address.
 */
const publicUrl = (process.env.PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');

const env = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  PORT: String(port),
  APP_SECRET: appSecret(),
  PUBLIC_URL: publicUrl,
  NEXT_TELEMETRY_DISABLED: '1',
};

/**
 * The demo staff passwords are random and known only when the seed creates the accounts; they
 * are kept per database in ./data/demo-credentials.json (git-ignored, mode 600) to print them.
 */
function rememberDemoCredentials(databaseKey: string, created: DemoCredential[]): DemoCredential[] {
  const file = path.join(root, 'data/demo-credentials.json');
  const all: Record<string, DemoCredential[]> = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
  const known = all[databaseKey] ?? [];
  all[databaseKey] = [...known.filter((k) => !created.some((c) => c.email === k.email)), ...created];
  if (created.length > 0) writeFileSync(file, JSON.stringify(all, null, 2), { mode: 0o600 });
  return all[databaseKey];
}

async function waitUntilUp(url: string, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {}
    await new Promise((r) => setTimeout(r, 300));
  }
  return false;
}

async function main() {
  const started = Date.now();
  const target = await migrateDatabase(databaseUrl);
  console.log(`database: ${target.provider === 'sqlite' ? target.file : 'PostgreSQL'}`);
  const db = createDb(databaseUrl);
  const { surveySlug, newCredentials } = await seedDemo(db);
  await db.$disconnect();
  const credentials = rememberDemoCredentials(target.provider === 'sqlite' ? target.file : databaseUrl, newCredentials);

  if (!dev && buildIsStale(root)) {
    console.log('building the app (next build)…');
    const build = spawnSync(nextBin, ['build'], { cwd: root, env, stdio: 'inherit' });
    if (build.status !== 0) process.exit(build.status ?? 1);
    recordBuild(root);
  } else if (!dev) {
    console.log('the build is up to date (same sources as the last build)');
  }

  // scripts/serve.ts: Next's handler behind a server that tells the app the peer address.
  const server = spawn(path.join(root, 'node_modules/.bin/tsx'), ['scripts/serve.ts', ...(dev ? ['--dev'] : [])], { cwd: root, env, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => server.kill(signal));
  server.on('exit', (code) => process.exit(code ?? 0));

  const base = `http://localhost:${port}`;
  if (await waitUntilUp(`${base}/api/health`)) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`\n  Sorğu is ready (${seconds} s): ${base}\n  Demo survey: ${base}/az/s/${surveySlug}  ·  ${base}/en/s/${surveySlug}`);
    console.log(`  Staff sign-in: ${base}/az/login — development accounts (from ./data/demo-credentials.json):`);
    for (const c of credentials) console.log(`    ${c.role.padEnd(8)} ${c.email.padEnd(28)} ${c.password}`);
    if (credentials.length === 0) console.log('    (none recorded for this database; create an admin with npm run staff:create-admin)');
    console.log(`  Your data and rights (self-service): ${base}/az/my-data`);
    const route = mailRoute({ smtpUrl: process.env.SMTP_URL });
    console.log(
      route.kind === 'smtp'
        ? `  Mail goes out through the SMTP server ${route.host}; links in it point to ${publicUrl}`
        : `  Mail is not sent (no SMTP_URL): it is kept in the outbox, readable by admins at ${base}/az${MAILBOX_PATH}`,
    );
    console.log('');
  } else {
    console.error(`Sorğu did not answer on ${base}/api/health within 2 minutes; see the log above.`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
