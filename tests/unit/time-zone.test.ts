import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === 'generated') return [];
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

const files = sourceFiles(src).map((file) => ({ file: path.relative(src, file), text: readFileSync(file, 'utf8') }));

/**
 * Dates people read or enter (the age gate's today, report days, request deadlines, file names)
 * are days in the app's time zone, APP_TIME_ZONE (Asia/Baku, UTC+4): src/lib/dates.ts.
 */
describe('the app’s time zone', () => {
  it('APP_TIME_ZONE is read only through src/server/env.ts', () => {
    const readers = files.filter((f) => f.file !== 'server/env.ts' && /process\.env\.APP_TIME_ZONE|process\.env\[['"]APP_TIME_ZONE/.test(f.text));
    expect(readers.map((f) => f.file)).toEqual([]);
  });

  it('no day is cut out of a UTC timestamp (toISOString().slice(0, 10)) or built at a UTC hour', () => {
    const utcDays = files.filter((f) => /toISOString\(\)\.slice\(0, ?10\)|T\d\d:\d\d:\d\dZ`/.test(f.text));
    expect(utcDays.map((f) => f.file)).toEqual([]);
  });
});
