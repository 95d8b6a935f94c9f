/**
 * The browser tests' mail server: a real SMTP server (smtp-server) on SMTP_CATCHER_PORT that
 * writes every message it receives to E2E_MAIL_DIR as JSON (written whole, then renamed, so a
 * reader never sees half a file). Started by playwright.config.ts before the app.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startSmtpCatcher } from '../helpers/smtp-catcher';
import { E2E_MAIL_DIR } from './mail-helpers';

async function main() {
  const port = Number(process.env.SMTP_CATCHER_PORT);
  if (!port) throw new Error('SMTP_CATCHER_PORT is required');
  rmSync(E2E_MAIL_DIR, { recursive: true, force: true });
  mkdirSync(E2E_MAIL_DIR, { recursive: true });
  let seq = 0;
  await startSmtpCatcher({
    port,
    onMail(mail) {
      const name = `${String(Date.now()).padStart(15, '0')}-${String(++seq).padStart(6, '0')}`;
      const tmp = path.join(E2E_MAIL_DIR, `${name}.tmp`);
      writeFileSync(tmp, JSON.stringify(mail));
      renameSync(tmp, path.join(E2E_MAIL_DIR, `${name}.json`));
    },
  });
  console.log(`SMTP catcher listening on 127.0.0.1:${port}, writing to ${E2E_MAIL_DIR}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
