/**
 * Where mail goes, said without secrets: the SMTP server's host (never its credentials), or the
 * outbox that only admins read. Pure, so `npm start` and the admin mailbox say the same thing.
 */
export type MailRoute = { kind: 'smtp'; host: string } | { kind: 'outbox' };

export function mailRoute(config: { smtpUrl?: string }): MailRoute {
  if (!config.smtpUrl) return { kind: 'outbox' };
  try {
    return { kind: 'smtp', host: new URL(config.smtpUrl).host || 'SMTP_URL' };
  } catch {
    return { kind: 'smtp', host: 'SMTP_URL' };
  }
}

/** The staff page that shows the outbox of the offline demo. */
export const MAILBOX_PATH = '/admin/mailbox';
