import 'server-only';
import { headers } from 'next/headers';
import { env } from './env';

/**
 * Where links in mail point, and how mail leaves: PUBLIC_URL when set (production should set it —
 * a Host header is the client's word), else the address this request came in on.
 */
export async function siteLinks() {
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host') ?? 'localhost';
  const proto = h.get('x-forwarded-proto') ?? (/^(localhost|127\.)/.test(host) ? 'http' : 'https');
  return { baseUrl: env.PUBLIC_URL?.replace(/\/$/, '') ?? `${proto}://${host}`, mail: { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM } };
}
