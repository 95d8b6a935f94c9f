import { z } from 'zod';
import { createTranslator } from 'next-intl';
import az from '../../../messages/az.json';
import en from '../../../messages/en.json';
import type { Db } from '@/server/create-db';
import { env } from '@/server/env';
import { auditEvent, staffByIds } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { enqueueMail, type MailConfig } from '@/features/mail/outbox';
import { wakeMailSender } from '@/features/mail/sender';
import { assertDpo } from './commands';
import { dueDateFor, effectiveDue, isClosed, isOverdue, latestExtendedDue } from './deadlines';
import { findSubject, isEmptySubject, type subjectQuerySchema } from './subject';
import { Refusal } from '@/server/refusal';

/**
 * policy: P7.2 — the requests register: every request with its subject, type, channel, dates,
 * status, handler and outcome. Every step is audited. Only the DPO reads or writes it.
 */
export const REQUEST_TYPES = ['access', 'portability', 'rectification', 'erasure', 'restriction', 'objection', 'withdrawal', 'complaint'] as const;
export const REQUEST_CHANNELS = ['self_service', 'email', 'phone', 'post', 'in_person'] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

export class RequestStateError extends Refusal {
  constructor(readonly code: 'closed' | 'extension_too_long' | 'extension_not_later' | 'outcome_required' | 'reason_required' | 'no_subject') {
    super(code);
    this.name = 'RequestStateError';
  }
}

export const newRequestSchema = z
  .object({
    type: z.enum(REQUEST_TYPES, 'invalid_choice'),
    channel: z.enum(REQUEST_CHANNELS, 'invalid_choice'),
    receivedAt: z.date('invalid_date'),
    // However many respondents one verified address covers (a frequent respondent has many).
    respondentIds: z.array(z.string().min(1)).max(10_000),
    contactEmail: z.email('invalid_email').nullable(),
    details: z.string().trim().max(2000, 'too_long').nullable(),
    locale: z.enum(['az', 'en']),
  })
  .strict();

/**
 * Registers a request with its audit event; the caller's transaction keeps the two together. Also
 * used by self-service verification (actor "respondent", proven by the link), hence no user check here.
 */
export async function registerRequest(db: Pick<Db, 'dataSubjectRequest' | 'auditEvent'>, actor: string, input: z.input<typeof newRequestSchema>, now = new Date()) {
  const data = newRequestSchema.parse(input);
  if (data.receivedAt > now) throw new z.ZodError([{ code: 'custom', path: ['receivedAt'], message: 'date_in_future', input: data.receivedAt }]);
  const request = await db.dataSubjectRequest.create({
    data: { ...data, dueAt: dueDateFor(data.receivedAt, env.APP_TIME_ZONE) },
    select: { id: true, dueAt: true },
  });
  await auditEvent(db, { actor, action: 'request.registered', target: `request:${request.id}`, counts: { respondents: data.respondentIds.length }, at: now });
  return request;
}

export async function registerRequestAs(db: Db, user: StaffUserDTO, input: z.input<typeof newRequestSchema>, now = new Date()) {
  assertDpo(user);
  return db.$transaction((tx) => registerRequest(tx, user.id, input, now));
}

const requestSelect = {
  id: true,
  type: true,
  channel: true,
  status: true,
  receivedAt: true,
  dueAt: true,
  extendedDueAt: true,
  extensionReason: true,
  respondentIds: true,
  contactEmail: true,
  details: true,
  locale: true,
  handlerId: true,
  outcome: true,
  closedAt: true,
} as const;

/** Open requests, soonest due first, each flagged when overdue (a controllable clock for tests). */
export async function listOpenRequestsAs(db: Db, user: StaffUserDTO, now = new Date()) {
  assertDpo(user);
  const rows = await db.dataSubjectRequest.findMany({ where: { status: { in: ['open', 'in_progress'] } }, select: requestSelect });
  return rows
    .map((r) => ({ ...r, respondentIds: r.respondentIds as string[], due: effectiveDue(r), overdue: isOverdue(r, now) }))
    .sort((a, b) => a.due.getTime() - b.due.getTime());
}

export async function listClosedRequestsAs(db: Db, user: StaffUserDTO, take = 50) {
  assertDpo(user);
  const rows = await db.dataSubjectRequest.findMany({ where: { status: { in: ['completed', 'refused'] } }, orderBy: { closedAt: 'desc' }, take, select: requestSelect });
  return rows.map((r) => ({ ...r, respondentIds: r.respondentIds as string[], due: effectiveDue(r), overdue: false }));
}

export async function getRequestAs(db: Db, user: StaffUserDTO, requestId: string, now = new Date()) {
  assertDpo(user);
  const r = await db.dataSubjectRequest.findUnique({ where: { id: requestId }, select: { ...requestSelect, exportLinks: { select: { id: true, createdAt: true, expiresAt: true, downloads: true } } } });
  if (!r) return null;
  // The request's own audit trail: the proof of what was done, and when.
  const events = await db.auditEvent.findMany({ where: { target: `request:${requestId}` }, orderBy: { at: 'asc' }, select: { id: true, at: true, actor: true, action: true } });
  const staff = await staffByIds(db, [r.handlerId, ...events.map((e) => e.actor)]);
  const handler = (r.handlerId && staff.get(r.handlerId)) || null;
  // Non-staff actors ('respondent', 'system') have no name here; the page names them in the reader's language.
  const history = events.map((e) => ({ ...e, actorName: staff.get(e.actor)?.name ?? null }));
  return { ...r, respondentIds: r.respondentIds as string[], due: effectiveDue(r), overdue: isOverdue(r, now), handler, history };
}

async function openRequest(db: Db, requestId: string) {
  const r = await db.dataSubjectRequest.findUnique({ where: { id: requestId }, select: { id: true, status: true, receivedAt: true, dueAt: true, extendedDueAt: true } });
  if (!r) throw new RequestStateError('closed');
  if (isClosed(r)) throw new RequestStateError('closed');
  return r;
}

/** Extends the deadline (at most received + 3 months), with the reason on record. */
export async function extendRequestAs(db: Db, user: StaffUserDTO, requestId: string, newDue: Date, reason: string, now = new Date()) {
  assertDpo(user);
  const r = await openRequest(db, requestId);
  if (!reason.trim()) throw new RequestStateError('reason_required');
  if (newDue <= effectiveDue(r)) throw new RequestStateError('extension_not_later');
  if (newDue > latestExtendedDue(r.receivedAt, env.APP_TIME_ZONE)) throw new RequestStateError('extension_too_long');
  await db.$transaction([
    db.dataSubjectRequest.update({ where: { id: requestId }, data: { extendedDueAt: newDue, extensionReason: reason.trim().slice(0, 1000), handlerId: user.id } }),
    auditEvent(db, { actor: user.id, action: 'request.extended', target: `request:${requestId}`, at: now }),
  ]);
}

/**
 * Takes a request on (in progress) or closes it with an outcome (completed / refused). Closing a
 * request that has an address tells the subject the outcome (GDPR Art. 12(3)–(4)), in their language.
 */
export async function setRequestStatusAs(
  db: Db,
  user: StaffUserDTO,
  requestId: string,
  status: 'in_progress' | 'completed' | 'refused',
  outcome: string | null,
  options: { now?: Date; mail?: MailConfig } = {},
) {
  assertDpo(user);
  const now = options.now ?? new Date();
  await openRequest(db, requestId);
  const closing = status !== 'in_progress';
  if (closing && !outcome?.trim()) throw new RequestStateError('outcome_required');
  // The new status, its audit event and the mail telling the subject: one transaction; the mail
  // leaves after the commit.
  const queued = await db.$transaction(async (tx) => {
    const request = await tx.dataSubjectRequest.update({
      where: { id: requestId },
      data: { status, handlerId: user.id, ...(closing ? { outcome: outcome!.trim().slice(0, 2000), closedAt: now } : {}) },
      select: { type: true, contactEmail: true, locale: true, outcome: true },
    });
    await auditEvent(tx, { actor: user.id, action: `request.${status}`, target: `request:${requestId}`, at: now });
    if (!closing || !request.contactEmail || !options.mail) return null;
    const locale = request.locale === 'en' ? 'en' : 'az';
    const t = createTranslator({ locale, messages: locale === 'az' ? az : en, namespace: 'Mail' });
    return enqueueMail(tx, {
      to: request.contactEmail,
      subject: t('closedSubject'),
      body: t('closedBody', { type: t(`requestTypes.${request.type}`), status: t(`closedStatus.${status}`), outcome: request.outcome ?? '' }),
    });
  });
  if (queued && options.mail) void wakeMailSender(db, options.mail);
}

/** A request that came in before its subject was found (e.g. by phone) gets its subject later. */
export async function attachSubjectAs(db: Db, user: StaffUserDTO, requestId: string, query: z.input<typeof subjectQuerySchema>, now = new Date()) {
  assertDpo(user);
  await openRequest(db, requestId);
  const subject = await findSubject(db, query);
  if (isEmptySubject(subject) || subject.respondentIds.length === 0) throw new RequestStateError('no_subject');
  await db.$transaction([
    db.dataSubjectRequest.update({ where: { id: requestId }, data: { respondentIds: subject.respondentIds, handlerId: user.id } }),
    auditEvent(db, { actor: user.id, action: 'request.subject_attached', target: `request:${requestId}`, counts: { respondents: subject.respondentIds.length }, at: now }),
  ]);
  return subject;
}
