import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { secureCheckpoint } from '@/server/secure-delete';
import type { ConsentPurpose } from '@/features/consent/categories';
import { DELETION_REGISTER, type DeletionScope, type Tx } from './register';

/**
 * policy: P6.1, P7.2 — the one deletion engine (DESIGN.md convention 16). It walks the register in
 * order and removes (or clears) each table's rows of the scope inside the caller's transaction, and
 * returns counts per table for the audit event written in that same transaction (convention 18):
 * a failure half-way leaves nothing half-done and no audit row for what did not happen.
 */

export const EMPTY_SCOPE: DeletionScope = { respondentIds: [], responseIds: [], subjectKeys: [], consentIds: [], emails: [], requestIds: [], supportEmails: [], invitationIds: [] };

export type DeletionCounts = Record<string, number>;

type Options = {
  /** Register entries left alone, by their count name (a discovered minor keeps the respondent row, deactivated). */
  skip?: string[];
};

export async function deleteScope(tx: Tx, scope: DeletionScope, options: Options = {}): Promise<DeletionCounts> {
  const counts: DeletionCounts = {};
  for (const entry of DELETION_REGISTER) {
    if (options.skip?.includes(entry.count)) continue;
    const where = entry.rowsOf(scope);
    if (!where) continue;
    const table = entry.table(tx);
    const { count } = entry.clear ? await table.updateMany({ where, data: entry.clear }) : await table.deleteMany({ where });
    if (count) counts[entry.count] = (counts[entry.count] ?? 0) + count;
  }
  return counts;
}

/** policy: P4.2 — the consent-based rows of these browsers in the categories withdrawn. */
export async function deleteConsentBased(tx: Tx, subjectKeys: string[], categories: readonly ConsentPurpose[]): Promise<DeletionCounts> {
  const counts: DeletionCounts = {};
  if (subjectKeys.length === 0) return counts;
  for (const entry of DELETION_REGISTER) {
    if (!entry.consentCategory || !categories.includes(entry.consentCategory)) continue;
    const { count } = await entry.table(tx).deleteMany({ where: { subjectKey: { in: subjectKeys } } });
    counts[`${entry.consentCategory}RowsErased`] = count;
  }
  return counts;
}

/**
 * Everything a subject reaches, found from their respondents and the addresses they gave: their
 * responses, the emails in their contact answers (and on requests naming them), and the requests
 * that name them. Browsers come from the caller (dpo/subject.ts `subjectScope`: every consent chain
 * that may be theirs).
 */
export async function scopeOfRespondents(db: Db | Tx, respondentIds: string[], browsers: { keys: string[]; consentIds: string[] }): Promise<DeletionScope> {
  const responseIds = (await db.response.findMany({ where: { respondentId: { in: respondentIds } }, select: { id: true } })).map((r) => r.id);
  const emails = (
    await db.answer.findMany({ where: { responseId: { in: responseIds }, category: 'contact', question: { type: 'email' } }, select: { value: true } })
  ).map((a) => String(a.value));
  const invitationIds = (await db.invitation.findMany({ where: { responseId: { in: responseIds } }, select: { id: true } })).map((i) => i.id);
  const wanted = new Set(respondentIds);
  // An open request keeps its address until it is closed — the subject is told the outcome of
  // their erasure there (GDPR Art. 12(3)); the requestContact retention rule clears it after.
  const requests = (await db.dataSubjectRequest.findMany({ where: { status: { in: ['completed', 'refused'] } }, select: { id: true, respondentIds: true, contactEmail: true } })).filter(
    (r) => (r.respondentIds as string[]).some((id) => wanted.has(id)) || (r.contactEmail !== null && emails.includes(r.contactEmail)),
  );
  return {
    respondentIds,
    responseIds,
    subjectKeys: browsers.keys,
    consentIds: browsers.consentIds,
    emails: [...new Set([...emails, ...requests.map((r) => r.contactEmail).filter((e): e is string => !!e)])],
    requestIds: requests.map((r) => r.id),
    // Requests for help only under an address the subject was found or verified by (the caller's).
    supportEmails: [],
    invitationIds,
  };
}

/** Runs `work` and its audit event in one transaction, then clears the deleted values from the database files. */
export async function withAudit<T extends DeletionCounts>(
  db: Db,
  audit: { actor: string; action: string; target?: string; at?: Date },
  work: (tx: Tx) => Promise<T>,
): Promise<T> {
  const counts = await db.$transaction(
    async (tx) => {
      const counts = await work(tx);
      await auditEvent(tx, { ...audit, counts });
      return counts;
    },
    // An erasure of a large subject, or a purge run, may take longer than Prisma's 5 s default.
    { maxWait: 10_000, timeout: 120_000 },
  );
  // policy: P6.1 — deletion is secure: no copy of the removed values stays readable in the
  // SQLite write-ahead log (a no-op on PostgreSQL; see src/server/secure-delete.ts).
  await secureCheckpoint(db);
  return counts;
}
