import path from 'node:path';

/**
 * Which database Sorğu talks to, decided once from DATABASE_URL.
 * Embedded SQLite (a file under ./data/) is the zero-setup default; a postgres:// or
 * postgresql:// URL selects PostgreSQL. `file:` paths are relative to the working directory
 * (the project root), not to the schema file as in plain Prisma.
 */
export type DatabaseTarget =
  | { provider: 'sqlite'; url: string; file: string }
  | { provider: 'postgres'; url: string };

export const DEFAULT_DATABASE_URL = 'file:./data/sorgu.db';

export function resolveDatabaseTarget(
  databaseUrl: string | undefined,
  cwd: string = process.cwd(),
): DatabaseTarget {
  const url = databaseUrl?.trim() || DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: 'postgres', url };
  if (url.startsWith('file:')) {
    const raw = url.slice('file:'.length).replace(/^\/\/(?=\/)/, '');
    const file = path.resolve(cwd, raw);
    return { provider: 'sqlite', url: `file:${file}`, file };
  }
  throw new Error(
    `DATABASE_URL must start with file: (embedded SQLite) or postgresql:// — got "${url.split(':')[0]}:…"`,
  );
}
