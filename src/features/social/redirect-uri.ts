import 'server-only';
import { env } from '@/server/env';
import { publicBaseUrl } from '@/server/site-links';

/**
 * The one redirect URI registered with every provider. Built from PUBLIC_URL, never from the
 * request's Host (a forged Host would send the provider's code elsewhere); production without
 * PUBLIC_URL refuses to start a sign-in (SiteNotConfiguredError, shown as "unavailable").
 */
export const SOCIAL_CALLBACK_PATH = '/api/social/callback';

export function socialRedirectUri(): string {
  return `${publicBaseUrl(env)}${SOCIAL_CALLBACK_PATH}`;
}
