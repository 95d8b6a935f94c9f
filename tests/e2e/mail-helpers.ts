import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { CaughtMail } from '../helpers/smtp-catcher';

/**
 * Mail in the browser tests arrives over real SMTP: the app server's SMTP_URL points at the
 * catcher (tests/e2e/smtp-catcher.ts, started by playwright.config.ts), which writes each message
 * here as one JSON file. Every worker reads the directory; tests use addresses of their own.
 */
export const E2E_MAIL_DIR = 'data/e2e-mail';

/** Every message received for `to`, oldest first. */
export function mailsTo(to: string): CaughtMail[] {
  if (!existsSync(E2E_MAIL_DIR)) return [];
  return readdirSync(E2E_MAIL_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(readFileSync(path.join(E2E_MAIL_DIR, f), 'utf8')) as CaughtMail)
    .filter((m) => m.to.includes(to.toLowerCase()));
}

/** The newest message to `to` whose text contains `contains`, waiting for it to arrive. */
export async function waitForMail(to: string, contains: string, timeoutMs = 15_000): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = mailsTo(to).reverse().find((m) => m.text.includes(contains));
    if (mail) return mail;
    if (Date.now() > deadline) throw new Error(`no mail to ${to} containing "${contains}" arrived over SMTP within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The link of this kind in the newest such mail to `to`. */
export async function linkFromMail(to: string, kind: 'verify' | 'download'): Promise<string> {
  const mail = await waitForMail(to, `/my-data/${kind}/`);
  return mail.text.match(new RegExp(`https?://\\S+/my-data/${kind}/[A-Za-z0-9_-]+`))![0];
}
