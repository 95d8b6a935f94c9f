import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { secureCheckpoint } from '@/server/secure-delete';
import { AuthError, type StaffUserDTO } from '@/features/auth/roles';
import { NOTHING_GRANTED, OPTIONAL_CONSENT_CATEGORIES } from '@/features/consent/categories';
import { eraseConsentBasedData } from '@/features/consent/records';
import { getConsentPolicyState } from '@/features/consent/policy-versions';
import { markRespondentAsMinor } from '@/features/survey/minors';
import { valueSchema, type QuestionRule } from '@/features/survey/schemas';
import { todayIn } from '@/lib/dates';
import { draftOptionsSchema } from '@/lib/localized-text';
import { buildSubjectZip } from './export-zip';
import { collectSubjectData, findSubject, subjectQuerySchema, type SubjectRef } from './subject';

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

/** Access and portability: the zip of everything held (see export-zip.ts). */
export async function exportSubjectAs(db: Db, user: StaffUserDTO | 'self-service', subject: SubjectRef, now = new Date()) {
  if (user !== 'self-service') assertDpo(user);
  const data = await collectSubjectData(db, subject, now);
  const zip = buildSubjectZip(data);
  await auditEvent(db, { actor: user === 'self-service' ? 'respondent' : user.id, action: 'subject.exported', target: target(subject), counts: countsOf(data), at: now });
  return zip;
}

/**
 * Erasure: every personal value of the subject goes — answers (contact, demographic, comments),
 * publication permissions (with their answers), usage, location, fraud and session rows, the
 * responses, the consent records that link a browser to them, the respondents themselves, mail and
 * verifications addressed to their email, and the personal fields of their requests. What stays:
 * the request record (type, dates, outcome) and an audit event with counts.
 */
export async function eraseSubjectAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  const { respondentIds, consentSubjectKeys } = subject;
  const responseIds = (await db.response.findMany({ where: { respondentId: { in: respondentIds } }, select: { id: true } })).map((r) => r.id);
  const emails = (
    await db.answer.findMany({ where: { responseId: { in: responseIds }, category: 'contact', question: { type: 'email' } }, select: { value: true } })
  ).map((a) => String(a.value));
  const requests = (await db.dataSubjectRequest.findMany({ select: { id: true, respondentIds: true, contactEmail: true } })).filter(
    (r) => (r.respondentIds as string[]).some((id) => respondentIds.includes(id)) || (r.contactEmail && emails.includes(r.contactEmail)),
  );
  const addresses = [...new Set([...emails, ...requests.map((r) => r.contactEmail).filter((e): e is string => !!e)])];
  const consentRows = { OR: [{ subjectKey: { in: consentSubjectKeys } }, { responseId: { in: responseIds } }] };

  const [permissions, answers, usage, fraud, location, session, responses, consents, respondents, verifications, mail, requestsCleared] = await db.$transaction([
    db.publicationPermission.deleteMany({ where: { answer: { responseId: { in: responseIds } } } }),
    db.answer.deleteMany({ where: { responseId: { in: responseIds } } }),
    db.usageMetadata.deleteMany({ where: consentRows }),
    db.fraudSignal.deleteMany({ where: consentRows }),
    db.locationFix.deleteMany({ where: consentRows }),
    db.sessionEvent.deleteMany({ where: { subjectKey: { in: consentSubjectKeys } } }),
    db.response.deleteMany({ where: { id: { in: responseIds } } }),
    db.consentRecord.deleteMany({ where: { subjectKey: { in: consentSubjectKeys } } }),
    db.respondent.deleteMany({ where: { id: { in: respondentIds } } }),
    db.subjectVerification.deleteMany({ where: { email: { in: addresses } } }),
    db.outboxMessage.deleteMany({ where: { to: { in: addresses } } }),
    db.dataSubjectRequest.updateMany({ where: { id: { in: requests.map((r) => r.id) } }, data: { contactEmail: null, details: null } }),
  ]);
  const counts = {
    answers: answers.count,
    publicationPermissions: permissions.count,
    usage: usage.count,
    fraud: fraud.count,
    location: location.count,
    sessionAnalytics: session.count,
    responses: responses.count,
    consentRecords: consents.count,
    respondents: respondents.count,
    verifications: verifications.count,
    mail: mail.count,
    requestsCleared: requestsCleared.count,
  };
  await auditEvent(db, { actor: user.id, action: 'subject.erased', target: target(subject), counts, at: now });
  await secureCheckpoint(db);
  return counts;
}

/** P7.2 restriction of processing: kept, but left out of reports, exports and any processing. */
export async function setRestrictionAs(db: Db, user: StaffUserDTO, subject: SubjectRef, restricted: boolean, now = new Date()) {
  assertDpo(user);
  const { count } = await db.respondent.updateMany({ where: { id: { in: subject.respondentIds } }, data: { restrictedAt: restricted ? now : null } });
  await auditEvent(db, { actor: user.id, action: restricted ? 'subject.restricted' : 'subject.unrestricted', target: target(subject), counts: { respondents: count }, at: now });
  return count;
}

/** policy: P5.8 — objection to sharing: nothing of theirs goes to third parties, publication included. */
export async function setObjectionAs(db: Db, user: StaffUserDTO, subject: SubjectRef, objects: boolean, now = new Date()) {
  assertDpo(user);
  const { count } = await db.respondent.updateMany({ where: { id: { in: subject.respondentIds } }, data: { objectsToSharingAt: objects ? now : null } });
  await auditEvent(db, { actor: user.id, action: objects ? 'subject.objected' : 'subject.objection_lifted', target: target(subject), counts: { respondents: count }, at: now });
  return count;
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
  const erased: Record<string, number> = {};
  for (const subjectKey of subject.consentSubjectKeys) {
    await db.consentRecord.create({ data: { subjectKey, policyVersionId: policy.inForce.id, ...NOTHING_GRANTED, method: 'dpo_withdrawal', locale: 'az', createdAt: now } });
    const counts = await eraseConsentBasedData(db, subjectKey, [...OPTIONAL_CONSENT_CATEGORIES]);
    for (const [c, n] of Object.entries(counts)) erased[`${c}RowsErased`] = (erased[`${c}RowsErased`] ?? 0) + (n ?? 0);
  }
  const revoked = await db.publicationPermission.updateMany({ where: { revokedAt: null, answer: { response: { respondentId: { in: subject.respondentIds } } } }, data: { revokedAt: now } });
  const counts = { browsers: subject.consentSubjectKeys.length, ...erased, publicationPermissionsRevoked: revoked.count };
  await auditEvent(db, { actor: user.id, action: 'subject.consent_withdrawn', target: target(subject), counts, at: now });
  return counts;
}

/** policy: P11.1 — a discovered minor: everything deleted and the respondents deactivated, in one action. */
export async function markMinorAs(db: Db, user: StaffUserDTO, subject: SubjectRef, now = new Date()) {
  assertDpo(user);
  const results = [];
  for (const id of subject.respondentIds) results.push(await markRespondentAsMinor(db, id, user.id, now));
  return results.filter(Boolean).length;
}

export class RectificationError extends Error {
  constructor(readonly code: string) {
    super(`rectification refused: ${code}`);
    this.name = 'RectificationError';
  }
}

/**
 * policy: P10.1 — correct a contact or demographic value of this subject. The new value passes the
 * same validation a respondent's answer does (a birth date may not be after today in the app's
 * time zone, `timeZone` = env.APP_TIME_ZONE); the audit says which answer changed, not to what.
 */
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
  await db.answer.update({ where: { id: answer.id }, data: { value: parsed.data } });
  await auditEvent(db, { actor: user.id, action: 'subject.rectified', target: `answer:${answer.id}`, counts: { values: 1 }, at: now });
}
