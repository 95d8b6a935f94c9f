import 'server-only';
import { cookies, headers } from 'next/headers';
import { env } from '@/server/env';
import { secureCookie } from '@/lib/cookie-security';
import { signDoneCookie, verifyDoneCookie } from './done-cookie';

/**
 * The resume cookie: httpOnly, one per survey, holding only the opaque token (never an id or
 * any answer). `Secure` always in production, and whenever the request arrived over HTTPS.
 */
const RESUME_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;
const DONE_MAX_AGE_SECONDS = 60 * 60;

const RESUME_PREFIX = 'sorgu_resume_';
const resumeCookieName = (slug: string) => `${RESUME_PREFIX}${slug}`;
const doneCookieName = (slug: string) => `sorgu_done_${slug}`;

async function baseOptions() {
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: secureCookie(env.NODE_ENV, (await headers()).get('x-forwarded-proto')) };
}

export async function readResumeToken(slug: string) {
  return (await cookies()).get(resumeCookieName(slug))?.value;
}

/** Every draft this browser can resume: survey slug and token (P4.2: consent given now joins one). */
export async function readResumeDrafts(): Promise<{ slug: string; token: string }[]> {
  return (await cookies())
    .getAll()
    .filter((c) => c.name.startsWith(RESUME_PREFIX) && c.name.length > RESUME_PREFIX.length)
    .map((c) => ({ slug: c.name.slice(RESUME_PREFIX.length), token: c.value }));
}

export async function setResumeToken(slug: string, token: string) {
  (await cookies()).set(resumeCookieName(slug), token, { ...(await baseOptions()), maxAge: RESUME_MAX_AGE_SECONDS });
}

export async function clearResumeToken(slug: string) {
  (await cookies()).delete({ name: resumeCookieName(slug), ...(await baseOptions()) });
}

/** After finishing: which response the thank-you page may show the time of (one hour), signed for this survey. */
export async function setCompletedResponse(slug: string, responseId: string) {
  (await cookies()).set(doneCookieName(slug), signDoneCookie(slug, responseId, env.APP_SECRET), { ...(await baseOptions()), maxAge: DONE_MAX_AGE_SECONDS });
}

/** The response this browser finished on this survey, if the cookie is genuine (null otherwise). */
export async function readCompletedResponse(slug: string) {
  return verifyDoneCookie((await cookies()).get(doneCookieName(slug))?.value, slug, env.APP_SECRET);
}
