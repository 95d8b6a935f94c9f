import nodemailer from 'nodemailer';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { mailRoute, type MailRoute } from './route';

/**
 * Every message goes through the outbox table first, so nothing is lost when the mail server is
 * down. With an SMTP URL it is sent at once by nodemailer (and marked sent, or its error kept);
 * without one (the offline demo) it stays unsent, and only an admin can read it
 * (/{locale}/admin/mailbox). Mail carries links to a person's data: never readable by the public.
 */
export type Mail = { to: string; subject: string; body: string };
export type MailConfig = { smtpUrl?: string; from: string };

export async function queueMail(db: Db, mail: Mail, config: MailConfig) {
  const message = await enqueueMail(db, mail);
  await deliverQueued(db, message.id, config);
  return message;
}

/**
 * The outbox row alone — for a caller's transaction, so the mail exists exactly when the change
 * it tells about commits (DESIGN.md convention 18); send it after the commit with deliverQueued.
 */
export function enqueueMail(db: Pick<Db, 'outboxMessage'>, mail: Mail) {
  return db.outboxMessage.create({ data: mail, select: { id: true } });
}

/** Sends a queued message when an SMTP server is configured (never inside a transaction: it waits on the network). */
export async function deliverQueued(db: Db, id: string, config: MailConfig) {
  if (config.smtpUrl) await deliver(db, id, config);
}

async function deliver(db: Db, id: string, config: MailConfig) {
  const message = await db.outboxMessage.findUniqueOrThrow({ where: { id } });
  try {
    await nodemailer.createTransport(config.smtpUrl).sendMail({ from: config.from, to: message.to, subject: message.subject, text: message.body });
    await db.outboxMessage.update({ where: { id }, data: { sentAt: new Date(), error: null } });
  } catch (error) {
    // Kept for a later retry; the error text is the transport's, never the message body.
    await db.outboxMessage.update({ where: { id }, data: { error: String((error as Error).message ?? error).slice(0, 500) } });
  }
}

/**
 * The outbox as the admin mailbox shows it (admin role only). With an SMTP server, mail has left
 * for the recipients' inboxes: the page says where to, and shows no message.
 */
export async function readOutboxAs(db: Db, user: StaffUserDTO, config: MailConfig, take = 50): Promise<{ route: MailRoute; messages: OutboxEntry[] }> {
  if (user.role !== 'admin') throw new AuthError('forbidden');
  const route = mailRoute(config);
  if (route.kind === 'smtp') return { route, messages: [] };
  const messages = await db.outboxMessage.findMany({ orderBy: { createdAt: 'desc' }, take, select: { id: true, to: true, subject: true, body: true, createdAt: true, sentAt: true } });
  // Reading other people's mail is accountable: who, when, how many (never what).
  await auditEvent(db, { actor: user.id, action: 'mail.outbox_read', counts: { messages: messages.length } });
  return { route, messages };
}

export type OutboxEntry = { id: string; to: string; subject: string; body: string; createdAt: Date; sentAt: Date | null };
