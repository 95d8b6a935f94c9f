import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * P5.5 P2.1 — every server action is built by one of the wrappers of src/server/action.ts
 * (DESIGN.md convention 15), which parse the bound arguments before anything runs. A hand-written
 * `export async function` in a 'use server' file would take whatever a forged form sends: this
 * test fails on the first one.
 */
const root = path.resolve(import.meta.dirname, '../../src');
const files = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? files(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
const serverActionFiles = files(root).filter((f) => /^\s*['"]use server['"]/.test(readFileSync(f, 'utf8')));

describe('server actions', () => {
  it('there are server action files to check', () => {
    expect(serverActionFiles.length).toBeGreaterThanOrEqual(7);
  });

  for (const file of serverActionFiles) {
    it(`P5.5 P2.1 ${path.relative(root, file)}: every exported action comes from a wrapper that parses its bound arguments`, () => {
      const source = readFileSync(file, 'utf8');
      expect(source).not.toMatch(/export\s+(async\s+)?function\s/);
      expect(source).not.toMatch(/export\s+default/);
      const values = [...source.matchAll(/^export\s+const\s+(\w+)\s*=\s*([\w.]+)/gm)];
      expect(values.length).toBeGreaterThan(0);
      for (const [, name, builder] of values) {
        expect(`${name} = ${builder}`).toMatch(/= (staffFormAction|staffButtonAction|publicFormAction|publicButtonAction|publicCallAction)$/);
      }
    });
  }
});
