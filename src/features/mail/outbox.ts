import nodemailer from 'nodemailer';
import type { Db } from '@/server/create-db';

/**
 * Every message goes through the outbox table first, so nothing is lost when the mail server is
 * down. With an SMTP URL it is sent at once by nodemailer (and marked sent, or its error kept);
 * without one it stays unsent and the development mailbox shows it.
 */
export type Mail = { to: string; subject: string; body: string };
export type MailConfig = { smtpUrl?: string; from: string };

export async function queueMail(db: Db, mail: Mail, config: MailConfig) {
  const message = await db.outboxMessage.create({ data: mail, select: { id: true } });
  if (config.smtpUrl) await deliver(db, message.id, config);
  return message;
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

/** The development mailbox: on only when no SMTP server is configured. */
export const devMailboxEnabled = (config: MailConfig) => !config.smtpUrl;

export async function listMailbox(db: Db, take = 50) {
  return db.outboxMessage.findMany({ orderBy: { createdAt: 'desc' }, take, select: { id: true, to: true, subject: true, body: true, createdAt: true, sentAt: true } });
}
