import { describe, expect, it } from 'vitest';
import { adminFormErrorKey } from '@/features/admin/form-error';
import en from '../../messages/en.json';
import az from '../../messages/az.json';

describe('back-office form errors', () => {
  it('a refusal (forbidden) is shown as a refusal, never as "something went wrong"', () => {
    expect(adminFormErrorKey('forbidden')).toBe('forbidden');
    expect(en.Admin.errors.forbidden).not.toBe(en.Admin.errors.unexpected);
    expect(az.Admin.errors.forbidden).not.toBe(az.Admin.errors.unexpected);
  });
  it('business refusals keep their own message; anything unknown is the generic one', () => {
    expect(adminFormErrorKey('region_fixed')).toBe('region_fixed');
    expect(adminFormErrorKey('not_empty')).toBe('not_empty');
    expect(adminFormErrorKey('whatever')).toBe('unexpected');
  });
});

describe('the audit log names who looked at whose data', () => {
  it('names every accountability action in both languages; others keep their code', async () => {
    const { NAMED_AUDIT_ACTIONS, auditActionKey } = await import('@/features/admin/audit-actions');
    for (const action of NAMED_AUDIT_ACTIONS) {
      const key = auditActionKey(action) as keyof typeof en.Admin.auditActions;
      expect(en.Admin.auditActions[key], action).toBeTruthy();
      expect(az.Admin.auditActions[key], action).toBeTruthy();
    }
    expect(auditActionKey('response.viewed')).toBe('response_viewed');
    expect(auditActionKey('client.updated')).toBeNull();
  });
});
