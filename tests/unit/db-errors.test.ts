import { describe, expect, it } from 'vitest';
import { databaseFault } from '@/server/db-errors';

describe('databaseFault', () => {
  it('tells an outage and a held lock from a bug', () => {
    expect(databaseFault(Object.assign(new Error('x'), { code: 'P1001' }))).toBe('unavailable');
    expect(databaseFault(Object.assign(new Error('x'), { code: 'P2024' }))).toBe('busy');
    expect(databaseFault(Object.assign(new Error('x'), { code: 'P2028' }))).toBe('busy');
    expect(databaseFault(Object.assign(new Error('x'), { code: 'P1008' }))).toBe('busy');
    // PostgreSQL: a statement cancelled by statement_timeout, a lock not granted (issue 11).
    expect(databaseFault(Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }))).toBe('busy');
    expect(databaseFault(Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: { cause: { kind: 'postgres', code: '55P03' } } } }))).toBe('busy');
    expect(databaseFault(Object.assign(new Error('x'), { name: 'PrismaClientInitializationError' }))).toBe('unavailable');
    expect(databaseFault(new Error('Connection terminated unexpectedly'))).toBe('unavailable');
    expect(databaseFault(Object.assign(new Error('x'), { code: 'P2002' }))).toBeNull();
    expect(databaseFault(new TypeError('undefined is not a function'))).toBeNull();
    expect(databaseFault('P1001')).toBeNull();
    expect(databaseFault(null)).toBeNull();
  });

  it('finds the cause Prisma wraps: a driver adapter error or a socket error', () => {
    const adapter = Object.assign(new Error('x'), { code: 'P2010', meta: { driverAdapterError: Object.assign(new Error('DatabaseNotReachable'), { cause: { kind: 'DatabaseNotReachable' } }) } });
    expect(databaseFault(adapter)).toBe('unavailable');
    expect(databaseFault(new Error('query failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) }))).toBe('unavailable');
    // A cycle of causes ends.
    const a: { cause?: unknown } = {};
    a.cause = a;
    expect(databaseFault(a)).toBeNull();
  });
});
