import type { Db } from '@/server/create-db';
import { AuthError, type StaffUserDTO } from '@/server/authz';

/** The DPO's overview in numbers (counts only). */
export async function dpoOverview(db: Db, user: StaffUserDTO) {
  if (user.role !== 'dpo') throw new AuthError('forbidden');
  const [consents, withdrawals, respondents, lastPurge] = await Promise.all([
    db.consentRecord.count(),
    db.auditEvent.count({ where: { action: 'consent.withdrawn' } }),
    db.respondent.count({ where: { deactivatedAt: null } }),
    db.auditEvent.findFirst({ where: { action: 'retention.purged' }, orderBy: { at: 'desc' }, select: { at: true, counts: true } }),
  ]);
  return { consents, withdrawals, respondents, lastPurge };
}
