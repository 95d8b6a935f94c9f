import { mailSenderIdle, wakeMailSender } from '@/features/mail/sender';
import { afterAll, beforeAll, describe, expect, it, afterEach } from 'vitest';
import { AuthError, type StaffUserDTO } from '@/server/authz';
import { queueMail, readOutboxAs } from '@/features/mail/outbox';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';

/**
 * P7.2 P5.5 — mail holds verification and download links to a person's data: it is never
 * readable by the public. With SMTP_URL it leaves by SMTP; without one (the offline demo) it stays
 * in the outbox, which only an admin reads.
 */
let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(() => smtp.close());

const FROM = 'Sorğu <no-reply@sorgu.test>';
const secretMail = { to: 'victim@example.az', subject: 'Sorğu: confirm your request', body: 'Open http://localhost:3000/en/my-data/verify/secret-link' };

describe.each(PROVIDERS)('the outbox on %s', (provider) => {
  const t = useSeededDatabase(provider);
  // Mail queued by a test leaves in the background: let it finish before the database is dropped.
  afterEach(() => mailSenderIdle(t.db));
  const staff = (email: string): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

  it('P7.2 without SMTP_URL mail stays in the outbox, and only an admin reads it; analysts and the DPO are refused', async () => {
    await queueMail(t.db, secretMail, { from: FROM });
    const admin = await readOutboxAs(t.db, await staff('admin@sorgu.test'), { from: FROM });
    expect(admin.route).toEqual({ kind: 'outbox' });
    expect(admin.messages.map((m) => m.body)).toEqual([secretMail.body]);
    for (const email of ['analyst@demo-coffee.test', 'analyst@demo-bakery.test', 'dpo@sorgu.test']) {
      await expect(readOutboxAs(t.db, await staff(email), { from: FROM })).rejects.toBeInstanceOf(AuthError);
    }
  });

  it('P7.2 with SMTP_URL mail is delivered over SMTP, and the outbox page shows where it went, not what it said', async () => {
    const config = { smtpUrl: smtp.url.replace('smtp://', 'smtp://user:pass@'), from: FROM };
    // The test server takes no AUTH: deliver without credentials, describe the configured URL.
    await queueMail(t.db, secretMail, { smtpUrl: smtp.url, from: FROM });
    await wakeMailSender(t.db, { smtpUrl: smtp.url, from: FROM });
    expect(smtp.lastTo(secretMail.to)?.text).toBe(secretMail.body);
    expect(await t.db.outboxMessage.count({ where: { sentAt: { not: null } } })).toBe(1);
    const admin = await readOutboxAs(t.db, await staff('admin@sorgu.test'), config);
    expect(admin).toEqual({ route: { kind: 'smtp', host: `127.0.0.1:${smtp.port}` }, messages: [], delivery: { waiting: 0, sent: 1, failed: 0, problems: [] } });
    expect(JSON.stringify(admin)).not.toContain(secretMail.body);
    await expect(readOutboxAs(t.db, await staff('dpo@sorgu.test'), config)).rejects.toBeInstanceOf(AuthError);
  });
});
