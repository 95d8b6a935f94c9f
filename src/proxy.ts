import createMiddleware from 'next-intl/middleware';
import type { NextRequest } from 'next/server';
import { routing } from './i18n/routing';
import { contentSecurityPolicy, securityHeaders } from './server/security-headers';

const handleI18nRouting = createMiddleware(routing);

/**
 * Next 16's request interceptor: sends `/` and unprefixed paths to the negotiated locale, and
 * sets the security headers with a fresh CSP nonce per request. Never an authorization guard.
 */
export default function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const production = process.env.NODE_ENV === 'production';
  const csp = contentSecurityPolicy(nonce, !production);
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  request.headers.set('x-nonce', nonce);
  request.headers.set('content-security-policy', csp);
  const response = handleI18nRouting(request);
  for (const [name, value] of Object.entries(securityHeaders(csp, production))) response.headers.set(name, value);
  return response;
}

export const config = {
  matcher: '/((?!api|_next|_vercel|.*\\..*).*)',
};
