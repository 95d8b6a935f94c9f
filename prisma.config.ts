/**
 * Prisma CLI configuration (Prisma 6.19.3, offline): the WASM schema engine through a driver
 * adapter. The provider follows DATABASE_URL (see src/lib/database-url.ts); set PRISMA_PROVIDER
 * to pick one without a database (e.g. `prisma generate`).
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { resolveDatabaseTarget } from './src/lib/database-url';
import { cliAdapterFactory, unrefWasmTimers } from './prisma/cli-adapter';

unrefWasmTimers();

const target = resolveDatabaseTarget(process.env.DATABASE_URL);
const provider = process.env.PRISMA_PROVIDER === 'postgres' || process.env.PRISMA_PROVIDER === 'sqlite'
  ? process.env.PRISMA_PROVIDER
  : target.provider;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join('prisma', provider, 'schema.prisma'),
  migrations: { path: path.join('prisma', provider, 'migrations') },
  async adapter() {
    if (target.provider === 'sqlite') mkdirSync(path.dirname(target.file), { recursive: true });
    return cliAdapterFactory(target);
  },
});
