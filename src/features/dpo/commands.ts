import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { CONSENT_PURPOSES, NOTHING_GRANTED } from '@/features/consent/categories';
import { deleteConsentBased, deleteScope, scopeOfRespondents, withAudit } from '@/features/deletion/engine';
import { getConsentPolicyState } from '@/features/consent/policy-versions';
import { markRespondentsAsMinor } from '@/features/survey/minors';
import { valueSchema, type QuestionRule } from '@/features/survey/schemas';
import { todayIn } from '@/lib/dates';
import { draftOptionsSchema } from '@/lib/localized-text';
import { buildSubjectZip } from './export-zip';
import { collectSubjectData, findSubject, subjectQuerySchema, subjectScope, type SubjectRef } from './subject';
import { Refusal } from '@/server/refusal';

/**
 * The DPO's actions on one data subject (P7.2). Only the dpo role: an admin or analyst gets
 * AuthError here whatever the page or route in front already checked. Every action is audited
 * with counts, never values.
 */
export function assertDpo(user: StaffUserDTO) {
  if (user.role !== 'dpo') throw new AuthError('forbidden');
}

const target = (subject: SubjectRef) => `respondents:${subject.respondentIds.join(',') || '-'}`;

export async function findSubjectAs(db: Db, user: StaffUserDTO, query: z.input<typeof subjectQuerySchema>) {
  assertDpo(user);
  const subject = await findSubject(db, query);
  await auditEvent(db, { actor: user.id, action: 'subject.searched', target: `by:${subjectQuerySchema.parse(query).kind}`, counts: { respondents: subject.respondentIds.length, browsers: subject.consentSubjectKeys.length } });
  return subject;
}

export async function viewSubjectAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  const data = await collectSubjectData(db, subject, now);
  await auditEvent(db, { actor: user.id, action: 'subject.viewed', target: target(subject) });
  return data;
}

const countsOf = (data: Awaited<ReturnType<typeof collectSubjectData>>) => ({
  ...Object.fromEntries(Object.entries(data.categories).map(([c, items]) => [c, items.length])),
  consents: data.consents.length,
  responses: data.responses.length,
});

/**
 * Access and portability, by the DPO: the zip of everything held (see export-zip.ts). The
 * respondent's own download has its own proof, a verified request (exportForVerifiedRequest).
 */
export async function exportSubjectAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  const data = await collectSubjectData(db, subject, now);
  const zip = buildSubjectZip(data);
  await auditEvent(db, { actor: user.id, action: 'subject.exported', target: target(subject), counts: countsOf(data), at: now });
  return zip;
}

/**
 * Erasure: every personal value of the subject goes, through the deletion register — answers,
 * publication permissions, usage, location, fraud and session rows, the responses, the consent
 * records of their browsers, the respondents themselves, mail and verifications addressed to their
 * email, download links, and the personal fields of their requests. What stays: the request record
 * (type, dates, outcome) and an audit event with counts, written in the same transaction.
 */
export async function eraseSubjectAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  // Which rows are the subject's: one definition for view, export and erasure (subject.ts). Erasure
  // takes every browser chain that may be theirs (shared ones included): deleting too much is safe.
  const { reach } = await subjectScope(db, subject);
  return withAudit(db, { actor: user.id, action: 'subject.erased', target: target(subject), at: now }, async (tx) => {
    const scope = await scopeOfRespondents(tx, subject.respondentIds, reach);
    // Requests for help under the address the subject was found by go too (P5.1), with the mail
    // (the answers) sent to it.
    const supportEmails = subject.supportEmails ?? [];
    return deleteScope(tx, { ...scope, emails: [...new Set([...scope.emails, ...supportEmails])], supportEmails });
  });
}

/** P7.2 restriction of processing: kept, but left out of reports, exports and any processing. */
export async function setRestrictionAs(db: Db, user: StaffUserDTO, subject: SubjectRef, restricted: boolean, now = new Date()) {
  assertDpo(user);
  return db.$transaction(async (tx) => {
    const { count } = await tx.respondent.updateMany({ where: { id: { in: subject.respondentIds } }, data: { restrictedAt: restricted ? now : null } });
    await auditEvent(tx, { actor: user.id, action: restricted ? 'subject.restricted' : 'subject.unrestricted', target: target(subject), counts: { respondents: count }, at: now });
    return count;
  });
}

/** policy: P5.8 — objection to sharing: nothing of theirs goes to third parties, publication included. */
export async function setObjectionAs(db: Db, user: StaffUserDTO, subject: SubjectRef, objects: boolean, now = new Date()) {
  assertDpo(user);
  return db.$transaction(async (tx) => {
    const { count } = await tx.respondent.updateMany({ where: { id: { in: subject.respondentIds } }, data: { objectsToSharingAt: objects ? now : null } });
    await auditEvent(tx, { actor: user.id, action: objects ? 'subject.objected' : 'subject.objection_lifted', target: target(subject), counts: { respondents: count }, at: now });
    return count;
  });
}

/**
 * Withdraws every optional consent on the subject's behalf: a new record (method dpo_withdrawal)
 * per browser — records are append-only — and the consent-based rows are erased, as when the
 * respondent switches them off; comment publication permissions (P3.3) are revoked.
 */
export async function withdrawConsentAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  const policy = await getConsentPolicyState(db, now);
  if (!policy.inForce) throw new Error('no policy version is in force');
  const inForce = policy.inForce;
  // Every browser chain that may be theirs, shared ones included: stopping too much is safe.
  const { reach } = await subjectScope(db, subject);
  return withAudit(db, { actor: user.id, action: 'subject.consent_withdrawn', target: target(subject), at: now }, async (tx) => {
    for (const subjectKey of reach.keys) {
      await tx.consentRecord.create({ data: { subjectKey, policyVersionId: inForce.id, ...NOTHING_GRANTED, method: 'dpo_withdrawal', locale: 'az', createdAt: now } });
    }
    const erased = await deleteConsentBased(tx, reach.keys, CONSENT_PURPOSES);
    const revoked = await tx.publicationPermission.updateMany({ where: { revokedAt: null, answer: { response: { respondentId: { in: subject.respondentIds } } } }, data: { revokedAt: now } });
    return { browsers: reach.keys.length, ...erased, publicationPermissionsRevoked: revoked.count };
  });
}

/** policy: P11.1 — a discovered minor: everything deleted and the respondents deactivated, in one action. */
export async function markMinorAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  const counts = await markRespondentsAsMinor(db, subject.respondentIds, user.id, now);
  return counts ? subject.respondentIds.length : 0;
}

export class RectificationError extends Refusal {
  constructor(code: string) {
    super(code);
    this.name = 'RectificationError';
  }
}

/**
 * policy: P10.1 — correct a contact or demographic value of this subject. The new value passes the
 * same validation a respondent's answer does (a birth date may not be after today in the app's
 * time zone, `timeZone` = env.APP_TIME_ZONE); the audit says which answer changed, not to what.
 */
/**
 * policy: P7.2, P10.1 — one value a Client provided, removed at the subject's request (the Client
 * may have been wrong, or matched the wrong person: README "Data from Clients"). Only a value of
 * this subject's respondents; audited with the count.
 */
export async function removeClientValueAs(db: Db, user: StaffUserDTO, subject: SubjectRef, datumId: string, now = new Date()) {
  assertDpo(user);
  await db.$transaction(async (tx) => {
    const { count } = await tx.clientDatum.deleteMany({ where: { id: datumId, respondentId: { in: subject.respondentIds } } });
    if (!count) throw new AuthError('forbidden');
    await auditEvent(tx, { actor: user.id, action: 'subject.client_value_removed', target: target(subject), counts: { clientData: count }, at: now });
  });
}

export async function rectifyAnswerAs(
  db: Db,
  user: StaffUserDTO,
  subject: SubjectRef,
  answerId: string,
  raw: string,
  { timeZone, now = new Date() }: { timeZone: string; now?: Date },
) {
  assertDpo(user);
  const answer = await db.answer.findFirst({
    where: { id: answerId, response: { respondentId: { in: subject.respondentIds } } },
    select: { id: true, category: true, question: { select: { key: true, type: true, category: true, required: true, options: true } } },
  });
  if (!answer) throw new AuthError('forbidden');
  if (answer.category !== 'contact' && answer.category !== 'demographic') throw new RectificationError('not_rectifiable');
  const rule: QuestionRule = { ...answer.question, options: answer.question.options == null ? [] : draftOptionsSchema.parse(answer.question.options) };
  const parsed = valueSchema(rule, todayIn(timeZone, now)).safeParse(raw.trim());
  if (!parsed.success) throw new RectificationError(parsed.error.issues[0]?.message ?? 'invalid');
  await db.$transaction([
    db.answer.update({ where: { id: answer.id }, data: { value: parsed.data } }),
    auditEvent(db, { actor: user.id, action: 'subject.rectified', target: `answer:${answer.id}`, counts: { values: 1 }, at: now }),
  ]);
}
