/**
 * Whether `npm start` must run `next build`: when the content of the build's inputs differs from
 * what the last build was made of. Content, not timestamps: `npm ci` regenerates the Prisma
 * clients under src/generated with new timestamps and the same bytes, which must not force a
 * rebuild. The hash is kept next to the build (.next/sorgu-build-inputs.sha256) and written
 * after a successful build (Next may touch tsconfig.json while building).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Everything `next build` reads from the project (node_modules is pinned by package-lock.json). */
const INPUTS = ['src', 'messages', 'public', 'next.config.ts', 'package.json', 'package-lock.json', 'tsconfig.json'];
const RECORD = '.next/sorgu-build-inputs.sha256';

function filesUnder(root: string, entry: string): string[] {
  const full = path.join(root, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return [entry];
  return readdirSync(full)
    .sort()
    .flatMap((child) => filesUnder(root, path.join(entry, child)));
}

/** SHA-256 over every input file's path and bytes, in a fixed order. */
export function buildInputsHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((entry) => filesUnder(root, entry))) {
    hash.update(`${file.split(path.sep).join('/')}\0`);
    hash.update(readFileSync(path.join(root, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export function buildIsStale(root: string): boolean {
  const record = path.join(root, RECORD);
  if (!existsSync(path.join(root, '.next/BUILD_ID')) || !existsSync(record)) return true;
  return readFileSync(record, 'utf8').trim() !== buildInputsHash(root);
}

/** Remembers what the build just made was made of. */
export function recordBuild(root: string) {
  writeFileSync(path.join(root, RECORD), `${buildInputsHash(root)}\n`);
}
