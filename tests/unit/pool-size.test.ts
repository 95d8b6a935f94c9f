import { describe, expect, it } from 'vitest';
import { poolSize } from '@/lib/pool-size';

describe('issue 11: DB_POOL_SIZE / SQL_POOL_SIZE', () => {
  it('defaults to 10 and takes a whole number', () => {
    expect(poolSize(undefined)).toBe(10);
    expect(poolSize('')).toBe(10);
    expect(poolSize('4')).toBe(4);
  });
  it('refuses what is not a pool size, at start-up rather than as an unbounded pool', () => {
    for (const bad of ['0', '-1', '2.5', 'ten', 'Infinity']) expect(() => poolSize(bad)).toThrow(/pool size/);
  });
});
