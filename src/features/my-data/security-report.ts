import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { assertDpo } from '@/features/dpo/commands';

/** policy: P13.1 — anyone can report a suspected compromise to the DPO; the DPO sees and closes it. */
export const securityReportSchema = z
  .object({
    description: z.string().trim().min(10, 'too_short').max(5000, 'too_long'),
    contactEmail: z
      .string()
      .trim()
      .max(254, 'invalid_email')
      .transform((v) => v || null)
      .pipe(z.email('invalid_email').nullable()),
    locale: z.enum(['az', 'en']),
  })
  .strict();

export async function reportCompromise(db: Db, input: z.input<typeof securityReportSchema>, now = new Date()) {
  const data = securityReportSchema.parse(input);
  return db.$transaction(async (tx) => {
    const report = await tx.securityReport.create({ data: { ...data, createdAt: now }, select: { id: true } });
    await auditEvent(tx, { actor: 'respondent', action: 'security.reported', target: `security-report:${report.id}`, at: now });
    return report;
  });
}

export async function listSecurityReportsAs(db: Db, user: StaffUserDTO) {
  assertDpo(user);
  return db.securityReport.findMany({ orderBy: [{ handledAt: { sort: 'asc', nulls: 'first' } }, { createdAt: 'desc' }], take: 50 });
}

export async function markSecurityReportHandledAs(db: Db, user: StaffUserDTO, reportId: string, now = new Date()) {
  assertDpo(user);
  return db.$transaction(async (tx) => {
    const { count } = await tx.securityReport.updateMany({ where: { id: reportId, handledAt: null }, data: { handledAt: now, handlerId: user.id } });
    if (count) await auditEvent(tx, { actor: user.id, action: 'security.handled', target: `security-report:${reportId}`, at: now });
    return count > 0;
  });
}
