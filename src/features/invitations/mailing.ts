import { env } from '@/server/env';
import { siteLinks } from '@/server/site-links';
import type { Mailing } from './invitations';

/**
 * Where invitation and reminder links point and how their mail leaves: PUBLIC_URL (production
 * without it refuses, logged — never the request's Host), the mail settings and the secret the
 * tokens are derived from. One source for the staff's button and the reminders job.
 */
export async function invitationMailing(): Promise<Mailing> {
  return { ...(await siteLinks()), secret: env.APP_SECRET };
}
