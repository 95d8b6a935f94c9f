import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { enqueueMail, maySendAgain, queueMail, readOutboxAs, sendAgainAs } from '@/features/mail/outbox';
import { AuthError } from '@/server/authz';
import { GIVE_UP_AFTER_MS, mailSenderIdle, MAX_ATTEMPTS, retryDelayMs, sendDueMail } from '@/features/mail/sender';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

/**
 * Mail leaves the outbox in the background (src/features/mail/sender.ts), against a real SMTP
 * server (smtp-server) — and against one that accepts connections and never says a word, the
 * failure that used to hold a respondent's request for 30 s.
 */
let smtp: SmtpCatcher;
let silent: Server;
let silentUrl: string;
const held = new Set<Socket>();
beforeAll(async () => {
  smtp = await startSmtpCatcher();
  silent = createServer((socket) => {
    held.add(socket);
    socket.on('close', () => held.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentUrl = `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
  await smtp.close();
});
beforeEach(() => smtp.clear());

const FROM = 'Sorğu <no-reply@sorgu.test>';
const mail = (to: string) => ({ to, subject: 'Sorğu: confirm your request', body: `A link for ${to}` });
/** Short transport timeouts so that the silent server fails fast here (production: 10/10/30 s). */
const FAST = { connectionTimeout: 500, greetingTimeout: 500, socketTimeout: 500 };

describe.each(PROVIDERS)('sending mail from the outbox on %s', (provider) => {
  const t = useSeededDatabase(provider);

  it('a request that queues mail does not wait for an SMTP server that never answers', async () => {
    const started = Date.now();
    await queueMail(t.db, mail('waiting@example.az'), { smtpUrl: silentUrl, from: FROM });
    expect(Date.now() - started).toBeLessThan(1_000);
    // The sender meanwhile gives up on this attempt after its (production) timeouts and schedules the next.
    await mailSenderIdle(t.db);
    const row = await t.db.outboxMessage.findFirstOrThrow({ where: { to: 'waiting@example.az' } });
    expect(row).toMatchObject({ sentAt: null, failedAt: null, attempts: 1, claimedUntil: null });
    expect(row.error).toBe('Greeting never received');
    expect(row.nextAttemptAt.getTime()).toBeGreaterThan(Date.now() + retryDelayMs(1) - 5_000);
  }, 30_000);

  it('a failed message is retried with a growing pause and sent once the server answers; after the last attempt it is marked failed', async () => {
    let clock = new Date();
    const now = () => clock;
    const down = { smtpUrl: 'smtp://127.0.0.1:1', from: FROM };
    const { id } = await enqueueMail(t.db, mail('retry@example.az'));
    await t.db.outboxMessage.update({ where: { id }, data: { nextAttemptAt: clock } });

    expect(await sendDueMail(t.db, down, { now, timeouts: FAST })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // Not due again before its pause is over.
    clock = new Date(clock.getTime() + retryDelayMs(1) - 1_000);
    expect(await sendDueMail(t.db, down, { now, timeouts: FAST })).toEqual({ sent: 0, retrying: 0, failed: 0 });
    clock = new Date(clock.getTime() + 2_000);
    expect(await sendDueMail(t.db, down, { now, timeouts: FAST })).toEqual({ sent: 0, retrying: 1, failed: 0 });
    // The server is back: the next due attempt delivers it.
    clock = new Date(clock.getTime() + retryDelayMs(2));
    expect(await sendDueMail(t.db, { smtpUrl: smtp.url, from: FROM }, { now })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.messages.map((m) => m.text)).toEqual(['A link for retry@example.az']);
    expect(await t.db.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ attempts: 3, error: null, failedAt: null });

    const { id: doomed } = await enqueueMail(t.db, mail('doomed@example.az'));
    const outcomes = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const row = await t.db.outboxMessage.findUniqueOrThrow({ where: { id: doomed } });
      clock = new Date(Math.max(clock.getTime(), row.nextAttemptAt.getTime()));
      outcomes.push(await sendDueMail(t.db, down, { now, timeouts: FAST }));
    }
    expect(outcomes.at(-1)).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(outcomes.slice(0, -1).every((o) => o.retrying === 1)).toBe(true);
    const failed = await t.db.outboxMessage.findUniqueOrThrow({ where: { id: doomed } });
    expect(failed).toMatchObject({ attempts: MAX_ATTEMPTS, sentAt: null });
    expect(failed.failedAt).not.toBeNull();
    // Nothing more is tried.
    clock = new Date(clock.getTime() + 10 * 3_600_000);
    expect(await sendDueMail(t.db, down, { now, timeouts: FAST })).toEqual({ sent: 0, retrying: 0, failed: 0 });
  });

  it('a message that could not leave within a day is not sent late (its link would have expired): it is marked failed', async () => {
    const { id } = await enqueueMail(t.db, mail('late@example.az'));
    const later = new Date(Date.now() + GIVE_UP_AFTER_MS + 60_000);
    expect(await sendDueMail(t.db, { smtpUrl: smtp.url, from: FROM }, { now: () => later })).toEqual({ sent: 0, retrying: 0, failed: 1 });
    expect(smtp.messages).toHaveLength(0);
    expect((await t.db.outboxMessage.findUniqueOrThrow({ where: { id } })).failedAt).not.toBeNull();
  });

  it('an admin sends a failed message again and it leaves; one older than a day (its link expired) is not offered, and refused', async () => {
    const admin = await t.db.staffUser.findUniqueOrThrow({ where: { email: 'admin@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
    const dpo = await t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });
    const { id } = await enqueueMail(t.db, mail('again@example.az'));
    await t.db.outboxMessage.update({ where: { id }, data: { attempts: MAX_ATTEMPTS, failedAt: new Date(), error: 'Greeting never received' } });
    const config = { smtpUrl: smtp.url, from: FROM };
    const status = await readOutboxAs(t.db, admin, config);
    expect(status.delivery?.problems.map((p) => ({ to: p.to, error: p.error, failed: p.failedAt !== null }))).toEqual([{ to: 'again@example.az', error: 'Greeting never received', failed: true }]);
    expect(JSON.stringify(status)).not.toContain('A link for');
    await expect(sendAgainAs(t.db, dpo, id)).rejects.toBeInstanceOf(AuthError);
    expect(await sendAgainAs(t.db, admin, id)).toBe(true);
    // A second click (a stale page) changes nothing.
    expect(await sendAgainAs(t.db, admin, id)).toBe(false);
    expect(await sendDueMail(t.db, config)).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(smtp.lastTo('again@example.az')?.text).toBe('A link for again@example.az');
    expect(await t.db.auditEvent.count({ where: { action: 'mail.sent_again', target: `mail:${id}` } })).toBe(1);

    const { id: old } = await enqueueMail(t.db, mail('old@example.az'));
    const dayAndMore = new Date(Date.now() + GIVE_UP_AFTER_MS + 60_000);
    await t.db.outboxMessage.update({ where: { id: old }, data: { failedAt: new Date() } });
    expect(maySendAgain(await t.db.outboxMessage.findUniqueOrThrow({ where: { id: old } }), dayAndMore)).toBe(false);
    expect(await sendAgainAs(t.db, admin, old, dayAndMore)).toBe(false);
  });

  it('two app instances sending at once send every message exactly once', async () => {
    for (let i = 0; i < 12; i++) await enqueueMail(t.db, mail(`twice-${i}@example.az`));
    const config = { smtpUrl: smtp.url, from: FROM };
    const [a, b] = await Promise.all([sendDueMail(t.db, config), sendDueMail(t.db, config)]);
    expect(a.sent + b.sent).toBe(12);
    expect(smtp.messages).toHaveLength(12);
    expect(new Set(smtp.messages.map((m) => m.to.join())).size).toBe(12);
    expect(await t.db.outboxMessage.count({ where: { sentAt: null } })).toBe(0);
  });
});
