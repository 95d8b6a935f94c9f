import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { Refusal } from '@/server/refusal';
import { assertAdmin } from '@/features/admin/commands';
import { enqueueMail, type MailConfig } from '@/features/mail/outbox';
import { wakeMailSender } from '@/features/mail/sender';
import { mailText } from '@/features/mail/mail-text';
import { dayOf } from '@/lib/dates';
import { SUPPORT_TOPICS } from './topics';

/**
 * policy: P5.1, P4.1, P6.1 — requests for help (data category `support`, legitimate interests).
 * Anyone sends one from every public page: a topic, a message and, only if they want an answer by
 * mail, an address. The operator's admins answer from a queue; an answer is mailed to that address
 * alone, says why the person receives it, and is the only mail a request ever causes — no
 * newsletter, no survey invitation, nothing else is sent to a support address. Closed or
 * untouched requests go after the retention period (rules.ts `support`).
 */

export const supportRequestSchema = z
  .object({
    topic: z.enum(SUPPORT_TOPICS, 'invalid_choice'),
    message: z.string().trim().min(10, 'too_short').max(4000, 'too_long'),
    email: z
      .string()
      .trim()
      .max(254, 'invalid_email')
      .transform((v) => v.toLowerCase() || null)
      .pipe(z.email('invalid_email').nullable()),
    locale: z.enum(['az', 'en']),
  })
  .strict();

export const supportReplySchema = z.object({ body: z.string().trim().min(1, 'required').max(4000, 'too_long'), replyKey: z.uuid().optional() }).strict();

export async function sendSupportRequest(db: Db, input: z.input<typeof supportRequestSchema>, now = new Date()) {
  const data = supportRequestSchema.parse(input);
  return db.$transaction(async (tx) => {
    const request = await tx.supportRequest.create({ data: { ...data, createdAt: now, lastActivityAt: now }, select: { id: true } });
    await auditEvent(tx, { actor: 'respondent', action: 'support.received', target: `support:${request.id}`, at: now });
    return request;
  });
}

/** The queue: open requests first (oldest first), then the latest closed ones. Admins only. */
export async function listSupportRequestsAs(db: Db, user: StaffUserDTO) {
  assertAdmin(user);
  const select = { id: true, topic: true, email: true, locale: true, createdAt: true, lastActivityAt: true, closedAt: true, _count: { select: { replies: true } } } as const;
  const [open, closed] = await Promise.all([
    // The oldest 200 open ones: a flood of requests keeps the page usable (the rest follow as these close).
    db.supportRequest.findMany({ where: { closedAt: null }, orderBy: { createdAt: 'asc' }, take: 200, select }),
    db.supportRequest.findMany({ where: { closedAt: { not: null } }, orderBy: { closedAt: 'desc' }, take: 50, select }),
  ]);
  return { open, closed };
}

/** One request, as an admin opens it: audited (who read whose message), never with its content. */
export async function getSupportRequestAs(db: Db, user: StaffUserDTO, id: string, now = new Date()) {
  assertAdmin(user);
  const request = await db.supportRequest.findUnique({
    where: { id },
    select: { id: true, topic: true, message: true, email: true, locale: true, createdAt: true, closedAt: true, replies: { orderBy: { createdAt: 'asc' }, select: { id: true, body: true, authorId: true, createdAt: true } } },
  });
  if (request) await auditEvent(db, { actor: user.id, action: 'support.viewed', target: `support:${id}`, at: now });
  return request;
}

export class SupportRefusal extends Refusal {
  constructor(code: 'not_found' | 'no_address' | 'closed') {
    super(code);
    this.name = 'SupportRefusal';
  }
}

/**
 * policy: P5.1 — the answer, by mail to the address the person gave and nowhere else, in their
 * language, saying why they receive it. The reply, its mail and the audit event are one
 * transaction (DESIGN.md convention 18): a mail exists exactly when the reply does.
 */
export async function replyToSupportRequestAs(db: Db, user: StaffUserDTO, id: string, input: z.input<typeof supportReplySchema>, mail: MailConfig, timeZone: string, now = new Date()) {
  assertAdmin(user);
  const { body, replyKey } = supportReplySchema.parse(input);
  const sent = await db.$transaction(async (tx) => {
    // The same form sent again: its answer exists, so nothing more is sent.
    if (replyKey && (await tx.supportReply.count({ where: { replyKey } }))) return false;
    const request = await tx.supportRequest.findUnique({ where: { id }, select: { email: true, locale: true, topic: true, createdAt: true, closedAt: true } });
    if (!request) throw new SupportRefusal('not_found');
    if (request.closedAt) throw new SupportRefusal('closed');
    if (!request.email) throw new SupportRefusal('no_address');
    await tx.supportReply.create({ data: { requestId: id, body, authorId: user.id, createdAt: now, replyKey } });
    await tx.supportRequest.update({ where: { id }, data: { lastActivityAt: now } });
    const t = mailText(request.locale);
    await enqueueMail(tx, {
      to: request.email,
      subject: t('supportSubject'),
      body: t('supportBody', { reply: body, date: dayOf(request.createdAt, timeZone), topic: t(`supportTopics.${request.topic}`) }),
    });
    await auditEvent(tx, { actor: user.id, action: 'support.replied', target: `support:${id}`, counts: { mails: 1 }, at: now });
    return true;
  }).catch((error: unknown) => {
    // Both posts of one form at once: the second meets the first's key and rolls back whole.
    if (replyKey && (error as { code?: string })?.code === 'P2002') return false;
    throw error;
  });
  if (sent) void wakeMailSender(db, mail);
}

export async function closeSupportRequestAs(db: Db, user: StaffUserDTO, id: string, now = new Date()) {
  assertAdmin(user);
  await db.$transaction(async (tx) => {
    const { count } = await tx.supportRequest.updateMany({ where: { id, closedAt: null }, data: { closedAt: now, lastActivityAt: now } });
    if (!count) throw new SupportRefusal((await tx.supportRequest.count({ where: { id } })) ? 'closed' : 'not_found');
    await auditEvent(tx, { actor: user.id, action: 'support.closed', target: `support:${id}`, at: now });
  });
}
