import 'server-only';
import { cookies, headers } from 'next/headers';

/**
 * The resume cookie: httpOnly, one per survey, holding only the opaque token (never an id or
 * any answer). `Secure` whenever the request arrived over HTTPS (directly or via a proxy).
 */
const RESUME_MAX_AGE_SECONDS = 60 * 60 * 24 * 7;
const DONE_MAX_AGE_SECONDS = 60 * 60;

const resumeCookieName = (slug: string) => `sorgu_resume_${slug}`;
const doneCookieName = (slug: string) => `sorgu_done_${slug}`;

async function baseOptions() {
  const proto = (await headers()).get('x-forwarded-proto');
  return { httpOnly: true, sameSite: 'lax' as const, path: '/', secure: proto === 'https' };
}

export async function readResumeToken(slug: string) {
  return (await cookies()).get(resumeCookieName(slug))?.value;
}

export async function setResumeToken(slug: string, token: string) {
  (await cookies()).set(resumeCookieName(slug), token, { ...(await baseOptions()), maxAge: RESUME_MAX_AGE_SECONDS });
}

export async function clearResumeToken(slug: string) {
  (await cookies()).delete({ name: resumeCookieName(slug), ...(await baseOptions()) });
}

/** After finishing: which response the thank-you page may show the time of (one hour). */
export async function setCompletedResponse(slug: string, responseId: string) {
  (await cookies()).set(doneCookieName(slug), responseId, { ...(await baseOptions()), maxAge: DONE_MAX_AGE_SECONDS });
}

export async function readCompletedResponse(slug: string) {
  return (await cookies()).get(doneCookieName(slug))?.value;
}
