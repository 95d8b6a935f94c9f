import nodemailer, { type Transporter } from 'nodemailer';
import type { Db } from '@/server/create-db';
import { errorFields, log } from '@/server/log';
import type { MailConfig } from './outbox';

/**
 * Mail leaves the outbox in the background, never in the request that queued it: a request only
 * wakes the sender (wakeMailSender) and answers; a timer retries what failed (startMailSender).
 *
 * Each message is claimed before it is sent — one conditional UPDATE that only one instance can
 * win, holding it for {@link CLAIM_MS} — so two app instances never send it twice, and a sender
 * that dies mid-way frees it when the claim runs out. An SMTP server that does not answer costs
 * at most the transport timeouts; a failure is retried after a growing pause, and after
 * {@link MAX_ATTEMPTS} (or once the message is older than {@link GIVE_UP_AFTER_MS}: a link in it
 * would have expired) it is marked failed for admins to see and send again (admin mailbox).
 */
export const MAX_ATTEMPTS = 8;
export const GIVE_UP_AFTER_MS = 24 * 3_600_000;
/** Longer than a send can take within the transport's timeouts: a crashed sender frees the message after it. */
const CLAIM_MS = 5 * 60_000;
const BATCH = 20;

/** The transport's limits: connect, greeting, and silence on the socket (nodemailer's defaults are 2 min, 30 s and 10 min). */
export type MailTimeouts = { connectionTimeout: number; greetingTimeout: number; socketTimeout: number };
export const MAIL_TIMEOUTS: MailTimeouts = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 };

/** The pause before attempt n+1: 1, 2, 4, 8, 16, 32, 60, 60 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

export type SendOutcome = { sent: number; retrying: number; failed: number };
type SendOptions = { now?: () => Date; timeouts?: MailTimeouts };

/** Sends what is due, in this instance, until nothing due is left unclaimed. */
export async function sendDueMail(db: Db, config: MailConfig, { now = () => new Date(), timeouts = MAIL_TIMEOUTS }: SendOptions = {}): Promise<SendOutcome> {
  const outcome: SendOutcome = { sent: 0, retrying: 0, failed: 0 };
  if (!config.smtpUrl) return outcome;
  const transport = nodemailer.createTransport({ url: config.smtpUrl, ...timeouts });
  try {
    for (;;) {
      const due = await db.outboxMessage.findMany({
        where: { sentAt: null, failedAt: null, nextAttemptAt: { lte: now() }, OR: [{ claimedUntil: null }, { claimedUntil: { lte: now() } }] },
        orderBy: { nextAttemptAt: 'asc' },
        take: BATCH,
        select: { id: true },
      });
      if (due.length === 0) return outcome;
      let claimedAny = false;
      for (const { id } of due) {
        const result = await sendOne(db, id, transport, config.from, now);
        if (result) {
          claimedAny = true;
          outcome[result]++;
        }
      }
      // Everything due was claimed by other instances meanwhile: theirs to send.
      if (!claimedAny) return outcome;
    }
  } finally {
    transport.close();
  }
}

async function sendOne(db: Db, id: string, transport: Transporter, from: string, now: () => Date): Promise<keyof SendOutcome | null> {
  const at = now();
  const claimed = await db.outboxMessage.updateMany({
    where: { id, sentAt: null, failedAt: null, nextAttemptAt: { lte: at }, OR: [{ claimedUntil: null }, { claimedUntil: { lte: at } }] },
    data: { claimedUntil: new Date(at.getTime() + CLAIM_MS), attempts: { increment: 1 } },
  });
  if (claimed.count !== 1) return null;
  const message = await db.outboxMessage.findUniqueOrThrow({ where: { id }, select: { to: true, subject: true, body: true, attempts: true, createdAt: true } });
  if (at.getTime() - message.createdAt.getTime() > GIVE_UP_AFTER_MS) {
    await db.outboxMessage.update({ where: { id }, data: { failedAt: at, claimedUntil: null, error: 'not sent within 24 hours of being queued; it is no longer sent' } });
    log('warn', 'mail_expired', { id });
    return 'failed';
  }
  try {
    await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.body });
  } catch (error) {
    // The transport's error text, never the message body.
    const text = String((error as Error)?.message ?? error).slice(0, 500);
    const last = message.attempts >= MAX_ATTEMPTS;
    await db.outboxMessage.update({
      where: { id },
      data: { error: text, claimedUntil: null, ...(last ? { failedAt: now() } : { nextAttemptAt: new Date(now().getTime() + retryDelayMs(message.attempts)) }) },
    });
    log(last ? 'error' : 'warn', last ? 'mail_failed' : 'mail_retry', { id, attempts: message.attempts, ...errorFields(error) });
    return last ? 'failed' : 'retrying';
  }
  // Sent. Recording it is not a failure of the send: if the database refuses now, the claim keeps
  // the message from the others until it runs out — then it is sent again (at least once, never lost).
  try {
    await db.outboxMessage.update({ where: { id }, data: { sentAt: now(), error: null, claimedUntil: null } });
  } catch (error) {
    log('error', 'mail_sent_unrecorded', { id, ...errorFields(error) });
  }
  return 'sent';
}

/**
 * One sender per process and database: a wake while it runs makes it run once more afterwards,
 * so a message queued during a pass is not left for the timer. The promise settles when nothing
 * due is left (tests await it).
 */
const senders = new WeakMap<Db, { running: Promise<void>; again: boolean }>();

export function wakeMailSender(db: Db, config: MailConfig, options?: SendOptions): Promise<void> {
  if (!config.smtpUrl) return Promise.resolve();
  const current = senders.get(db);
  if (current) {
    current.again = true;
    return current.running;
  }
  const state = { running: Promise.resolve(), again: true };
  state.running = (async () => {
    while (state.again) {
      state.again = false;
      try {
        await sendDueMail(db, config, options);
      } catch (error) {
        log('error', 'mail_sender_failed', errorFields(error));
      }
    }
    // In the same step as the last check of `again`: a wake from now on starts a new sender.
    senders.delete(db);
  })();
  senders.set(db, state);
  return state.running;
}

/** Resolves when this process sends nothing to `db` any more (tests drop their database after it). */
export function mailSenderIdle(db: Db): Promise<void> {
  return senders.get(db)?.running ?? Promise.resolve();
}

/**
 * Server start: sends what was queued while no instance ran, then retries every `everySeconds`
 * (0: no retries; mail is still sent when it is queued). Returns the stop function.
 */
export function startMailSender(db: Db, config: MailConfig, everySeconds: number): () => void {
  if (!config.smtpUrl) return () => {};
  void wakeMailSender(db, config);
  if (everySeconds === 0) return () => {};
  const timer = setInterval(() => void wakeMailSender(db, config), everySeconds * 1000);
  timer.unref();
  return () => clearInterval(timer);
}
