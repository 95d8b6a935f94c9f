import { describe, expect, it } from 'vitest';
import { echoable, failureState } from '@/server/action';

/** What a form given back shows of what was typed: everything, except passwords. */
describe('a form given back after a failure', () => {
  const typed = { email: 'dpo@sorgu.test', password: 'correct horse battery staple', newPassword: 'x', next: '/dpo' };

  it('keeps what was typed, but never a password', () => {
    expect(echoable(typed)).toEqual({ email: 'dpo@sorgu.test', next: '/dpo' });
  });

  it('says "unavailable" with a reference when the database cannot be reached, and echoes no password (staff sign-in during an outage)', () => {
    const outage = Object.assign(new Error("Can't reach database server"), { code: 'P1001' });
    const state = failureState(outage, { name: 'login', values: typed });
    expect(state).toMatchObject({ formError: 'unavailable', values: { email: 'dpo@sorgu.test', next: '/dpo' } });
    expect(state.requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.stringify(state)).not.toContain('correct horse');
  });

  it('says "busy" for a lock wait that gave up, and "unexpected" with a reference for a bug — neither with a password', () => {
    const busy = failureState(Object.assign(new Error('timed out'), { code: 'P1008' }), { name: 'login', values: typed });
    expect(busy).toEqual({ formError: 'busy', values: { email: 'dpo@sorgu.test', next: '/dpo' } });
    const bug = failureState(new TypeError('x is undefined'), { name: 'login', values: typed });
    expect(bug).toMatchObject({ formError: 'unexpected', values: { email: 'dpo@sorgu.test', next: '/dpo' } });
  });
});
