import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildIsStale, recordBuild } from '../../scripts/build-freshness';

/**
 * `npm start` builds only when the build's inputs changed. `npm ci` regenerates the Prisma
 * clients under src/generated (same content, new timestamps): that must not force a rebuild.
 */
describe('npm start: is the build stale?', () => {
  let root: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };
  const touchLater = (file: string) => {
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, file), later, later);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(tmpdir(), 'sorgu-build-'));
    write('src/app/page.tsx', 'export default function Page() {}');
    write('src/generated/sqlite/index.js', 'client v1');
    write('messages/en.json', '{}');
    write('package-lock.json', '{}');
    write('.next/BUILD_ID', 'abc');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is stale with no build, or a build whose inputs were never recorded', () => {
    rmSync(path.join(root, '.next'), { recursive: true });
    expect(buildIsStale(root)).toBe(true);
    write('.next/BUILD_ID', 'abc');
    expect(buildIsStale(root)).toBe(true);
  });

  it('is fresh after `npm ci` rewrote the generated client with the same content', () => {
    recordBuild(root);
    expect(buildIsStale(root)).toBe(false);
    write('src/generated/sqlite/index.js', 'client v1');
    touchLater('src/generated/sqlite/index.js');
    touchLater('package-lock.json');
    expect(buildIsStale(root)).toBe(false);
  });

  it('is stale when an input’s content changed, a file was added or removed', () => {
    recordBuild(root);
    write('src/generated/sqlite/index.js', 'client v2');
    expect(buildIsStale(root)).toBe(true);
    recordBuild(root);
    write('messages/az.json', '{}');
    expect(buildIsStale(root)).toBe(true);
    recordBuild(root);
    rmSync(path.join(root, 'messages/az.json'));
    expect(buildIsStale(root)).toBe(true);
  });
});
