import 'server-only';
import { createHmac } from 'node:crypto';
import { cookies, headers } from 'next/headers';
import { sealData, unsealData } from 'iron-session';
import { z } from 'zod';
import { env } from '@/server/env';
import { secureCookie } from '@/lib/cookie-security';

/**
 * One sign-in in progress, kept by the browser that started it: sealed (encrypted and signed,
 * iron-session) under a key of its own derived from APP_SECRET, for ten minutes, readable only on
 * /api/social. The callback opens it once and deletes it, so the provider's answer is accepted
 * only in the browser that asked, only once (a replayed callback URL finds no cookie), and only
 * with the state, nonce and PKCE verifier made for it (a forged callback cannot sign someone in).
 */
const COOKIE = 'sorgu_social_flow';
const PATH = '/api/social';
export const FLOW_TTL_SECONDS = 10 * 60;

const flowSchema = z.object({
  provider: z.string(),
  state: z.string(),
  nonce: z.string(),
  codeVerifier: z.string(),
  responseId: z.string(),
  slug: z.string(),
  locale: z.enum(['az', 'en']),
});
export type SocialFlow = z.infer<typeof flowSchema>;

const password = () => createHmac('sha256', env.APP_SECRET).update('sorgu social sign-in flow v1').digest('hex');

async function cookieOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, path: PATH, secure: secureCookie(env.NODE_ENV, (await headers()).get('x-forwarded-proto')) };
}

export async function writeFlowCookie(flow: SocialFlow) {
  const sealed = await sealData(flow, { password: password(), ttl: FLOW_TTL_SECONDS });
  (await cookies()).set(COOKIE, sealed, { ...(await cookieOptions()), maxAge: FLOW_TTL_SECONDS });
}

/** The flow this browser started, deleted as it is read; null when absent, expired or forged. */
export async function takeFlowCookie(): Promise<SocialFlow | null> {
  const jar = await cookies();
  const sealed = jar.get(COOKIE)?.value;
  if (!sealed) return null;
  jar.delete({ name: COOKIE, ...(await cookieOptions()) });
  // iron-session answers {} for a seal it cannot open (another key, altered, expired).
  const opened = await unsealData<unknown>(sealed, { password: password(), ttl: FLOW_TTL_SECONDS }).catch(() => ({}));
  const parsed = flowSchema.safeParse(opened);
  return parsed.success ? parsed.data : null;
}
