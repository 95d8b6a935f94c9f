import 'server-only';
import { env } from './env';
import { log } from './log';
import { Refusal } from './refusal';

/**
 * policy: P7.2 — where links in mail point, and how mail leaves. Links carry access to a person's
 * data, so their address is configuration, never the client's word: a Host or X-Forwarded-Host
 * header would let anyone make genuine Sorğu mail point at their own domain. Production needs
 * PUBLIC_URL and refuses to mail links without it; development and tests use
 * http://localhost:PORT (`npm start` sets PUBLIC_URL to that for the local demo).
 */
export type SiteConfig = { NODE_ENV: 'development' | 'production' | 'test'; PUBLIC_URL?: string; PORT: number; SMTP_URL?: string; MAIL_FROM: string };

/** Thrown instead of mailing a link the site cannot vouch for; the user sees "not configured". */
export class SiteNotConfiguredError extends Refusal {
  constructor() {
    super('not_configured');
    this.name = 'SiteNotConfiguredError';
  }
}

/** The base of links in mail, without a trailing slash. */
export function publicBaseUrl(config: Pick<SiteConfig, 'NODE_ENV' | 'PUBLIC_URL' | 'PORT'>): string {
  if (config.PUBLIC_URL) return config.PUBLIC_URL.replace(/\/+$/, '');
  if (config.NODE_ENV === 'production') throw new SiteNotConfiguredError();
  return `http://localhost:${config.PORT}`;
}

/** How mail leaves (no links in it, so no PUBLIC_URL needed: e.g. the note that a request was closed). */
export function mailConfig(config: Pick<SiteConfig, 'SMTP_URL' | 'MAIL_FROM'> = env) {
  return { smtpUrl: config.SMTP_URL, from: config.MAIL_FROM };
}

/** For mail with links: their base and how mail leaves. Logs and throws SiteNotConfiguredError in production without PUBLIC_URL. */
export async function siteLinks(config: SiteConfig = env) {
  try {
    return { baseUrl: publicBaseUrl(config), mail: mailConfig(config) };
  } catch (error) {
    if (error instanceof SiteNotConfiguredError) {
      log('error', 'mail_refused_public_url_missing', {
        message: 'PUBLIC_URL is not set: production mails no links (they would be built from the request Host header)',
        fix: 'set PUBLIC_URL to the address users open, e.g. https://survey.example.com',
      });
    }
    throw error;
  }
}
