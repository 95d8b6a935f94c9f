import { mailSenderIdle, wakeMailSender } from '@/features/mail/sender';
import { afterAll, beforeAll, describe, expect, it, vi, afterEach } from 'vitest';
import type { StaffUserDTO } from '@/server/authz';
import { requestVerification, sendExportLinkAs, verifyRequest } from '@/features/my-data/self-service';
import { PROVIDERS, useSeededDatabase } from '../helpers/databases';
import { startSmtpCatcher, type SmtpCatcher } from '../helpers/smtp-catcher';
import { seedFullSubject } from '../helpers/subjects';

// The request names an attacker's host, as a forged Host or X-Forwarded-Host header does.
vi.mock('next/headers', () => ({
  headers: async () => new Headers({ host: 'attacker.example', 'x-forwarded-host': 'attacker.example', 'x-forwarded-proto': 'https' }),
}));
const { siteLinks, SiteNotConfiguredError } = await import('@/server/site-links');

let smtp: SmtpCatcher;
beforeAll(async () => {
  smtp = await startSmtpCatcher();
});
afterAll(() => smtp.close());

describe.each(PROVIDERS)('links in mail on %s', (provider) => {
  const t = useSeededDatabase(provider);
  // Mail queued by a test leaves in the background: let it finish before the database is dropped.
  afterEach(() => mailSenderIdle(t.db));
  const dpo = (): Promise<StaffUserDTO> =>
    t.db.staffUser.findUniqueOrThrow({ where: { email: 'dpo@sorgu.test' }, select: { id: true, email: true, name: true, role: true, clientId: true, locale: true } });

  it('P7.2 a mail built for a request whose Host header is attacker.example never contains that host', async () => {
    const alice = await seedFullSubject(t.db, 'alice');
    const base = { SMTP_URL: smtp.url, MAIL_FROM: 'Sorğu <no-reply@sorgu.test>', PORT: 3000 };
    // Production without PUBLIC_URL: refused before anything is stored or sent, with a clear log line.
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    await expect(siteLinks({ ...base, NODE_ENV: 'production' })).rejects.toBeInstanceOf(SiteNotConfiguredError);
    expect(logged.mock.calls.flat().join('\n')).toMatch(/PUBLIC_URL/);
    logged.mockRestore();

    const cases = [
      { config: { ...base, NODE_ENV: 'production' as const, PUBLIC_URL: 'https://sorgu.example/' }, expected: 'https://sorgu.example/en/my-data/' },
      { config: { ...base, NODE_ENV: 'development' as const }, expected: 'http://localhost:3000/en/my-data/' },
    ];
    for (const { config, expected } of cases) {
      smtp.clear();
      const site = await siteLinks(config);
      await requestVerification(t.db, { email: alice.email, type: 'access', details: '', locale: 'en' }, site);
      await wakeMailSender(t.db, site.mail);
      const verify = smtp.lastTo(alice.email)!.text.match(/\/my-data\/verify\/([A-Za-z0-9_-]{43})/)![1]!;
      const outcome = await verifyRequest(t.db, verify);
      if (outcome.status !== 'registered') throw new Error(outcome.status);
      await sendExportLinkAs(t.db, await dpo(), outcome.requestId, site);
      await wakeMailSender(t.db, site.mail);
      expect(smtp.messages).toHaveLength(2);
      for (const mail of smtp.messages) {
        expect(mail.text).not.toContain('attacker.example');
        expect(mail.text).toContain(expected);
      }
    }
  });
});
