import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { mailRoute, type MailRoute } from './route';
import { GIVE_UP_AFTER_MS, wakeMailSender } from './sender';

/**
 * Every message goes through the outbox table first, so nothing is lost when the mail server is
 * down. With an SMTP URL the background sender (sender.ts) sends it — the request that queued it
 * never waits on the network — and retries it; without one (the offline demo) it stays unsent,
 * and only an admin can read it (/{locale}/admin/mailbox). Mail carries links to a person's data:
 * never readable by the public.
 */
/** `invitationId`: the invitation a mail is for (an opt-out drops it while unsent, invitations.ts). */
export type Mail = { to: string; subject: string; body: string; invitationId?: string };
export type MailConfig = { smtpUrl?: string; from: string };

/** Queues a message and wakes the sender (which runs on after the request has answered). */
export async function queueMail(db: Db, mail: Mail, config: MailConfig) {
  const message = await enqueueMail(db, mail);
  void wakeMailSender(db, config);
  return message;
}

/**
 * The outbox row alone — for a caller's transaction, so the mail exists exactly when the change
 * it tells about commits (DESIGN.md convention 18); wake the sender after the commit.
 */
export function enqueueMail(db: Pick<Db, 'outboxMessage'>, mail: Mail) {
  return db.outboxMessage.create({ data: mail, select: { id: true } });
}

/** A message not delivered yet, as admins see it in SMTP mode: who, what about, why — never the body. */
export type DeliveryEntry = { id: string; to: string; subject: string; createdAt: Date; attempts: number; error: string | null; nextAttemptAt: Date; failedAt: Date | null };
export type Delivery = { waiting: number; sent: number; failed: number; problems: DeliveryEntry[] };

/**
 * The outbox as the admin mailbox shows it (admin role only). With an SMTP server, mail leaves for
 * the recipients' inboxes: the page shows how delivery goes (what waits, what failed and why),
 * never a message's body.
 */
export async function readOutboxAs(db: Db, user: StaffUserDTO, config: MailConfig, take = 50): Promise<{ route: MailRoute; messages: OutboxEntry[]; delivery: Delivery | null }> {
  if (user.role !== 'admin') throw new AuthError('forbidden');
  const route = mailRoute(config);
  if (route.kind === 'smtp') {
    const delivery = await deliveryState(db, take);
    // Recipients of undelivered mail are personal data too: who looked, and how many they saw.
    await auditEvent(db, { actor: user.id, action: 'mail.delivery_read', counts: { messages: delivery.problems.length } });
    return { route, messages: [], delivery };
  }
  const messages = await db.outboxMessage.findMany({ orderBy: { createdAt: 'desc' }, take, select: { id: true, to: true, subject: true, body: true, createdAt: true, sentAt: true } });
  // Reading other people's mail is accountable: who, when, how many (never what).
  await auditEvent(db, { actor: user.id, action: 'mail.outbox_read', counts: { messages: messages.length } });
  return { route, messages, delivery: null };
}

async function deliveryState(db: Db, take: number): Promise<Delivery> {
  const [waiting, sent, failed, problems] = await Promise.all([
    db.outboxMessage.count({ where: { sentAt: null, failedAt: null } }),
    db.outboxMessage.count({ where: { sentAt: { not: null } } }),
    db.outboxMessage.count({ where: { failedAt: { not: null } } }),
    db.outboxMessage.findMany({
      where: { sentAt: null, OR: [{ failedAt: { not: null } }, { attempts: { gt: 0 } }] },
      orderBy: { createdAt: 'desc' },
      take,
      select: { id: true, to: true, subject: true, createdAt: true, attempts: true, error: true, nextAttemptAt: true, failedAt: true },
    }),
  ]);
  return { waiting, sent, failed, problems };
}

/** Whether a failed message may still be sent again: not once a link in it would have expired (sender.ts). */
export function maySendAgain(message: { createdAt: Date }, now = new Date()): boolean {
  return now.getTime() - message.createdAt.getTime() < GIVE_UP_AFTER_MS;
}

/**
 * An admin sends a failed message again: its attempts start over now. Only a failed, unsent
 * message younger than a day (a double click, a stale page or an expired link changes nothing);
 * audited with the message's id.
 */
export async function sendAgainAs(db: Db, user: StaffUserDTO, id: string, now = new Date()): Promise<boolean> {
  if (user.role !== 'admin') throw new AuthError('forbidden');
  return db.$transaction(async (tx) => {
    const reset = await tx.outboxMessage.updateMany({
      where: { id, sentAt: null, failedAt: { not: null }, createdAt: { gt: new Date(now.getTime() - GIVE_UP_AFTER_MS) } },
      data: { failedAt: null, attempts: 0, nextAttemptAt: now, claimedUntil: null },
    });
    if (reset.count === 1) await auditEvent(tx, { actor: user.id, action: 'mail.sent_again', target: `mail:${id}`, at: now });
    return reset.count === 1;
  });
}

export type OutboxEntry = { id: string; to: string; subject: string; body: string; createdAt: Date; sentAt: Date | null };
