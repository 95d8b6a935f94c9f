import createMiddleware from 'next-intl/middleware';
import { NextResponse, type NextRequest } from 'next/server';
import { routing } from './i18n/routing';
import { gateRequest } from './server/request-gate';
import { contentSecurityPolicy, securityHeaders } from './server/security-headers';
import { parseSocialProviders, socialFormTargets } from './lib/social-providers';

const handleI18nRouting = createMiddleware(routing);
/** policy: P3.5 — the sign-in form's redirect to a provider must be allowed by the page's CSP. */
const formTargets = socialFormTargets(parseSocialProviders(process.env));
const SURVEY_PAGE = /^\/(?:(?:az|en)\/)?s\/[^/]+\/?$/;
/** policy: P3.3 — the one page other sites may frame: a survey's published comments. */
const EMBEDDABLE_PAGE = /^\/(?:az|en)\/comments\/[^/]+\/?$/;

/**
 * Next 16's request interceptor, for every path but Next's own assets:
 * 1. refuses, with a localized page, what Next itself would answer with a 500 (request-gate.ts);
 * 2. for pages: sends `/` and unprefixed paths to the negotiated locale, and sets the security
 *    headers with a fresh CSP nonce per request. Route handlers (`/api/…`) and files pass on.
 * Never an authorization guard.
 */
export default async function proxy(request: NextRequest) {
  const nonce = btoa(crypto.randomUUID());
  const production = process.env.NODE_ENV === 'production';
  const { pathname } = request.nextUrl;
  const refused = await gateRequest(request);
  // Only survey pages hold the sign-in form: no other page may post to a provider.
  const frameable = !refused && EMBEDDABLE_PAGE.test(pathname);
  const csp = contentSecurityPolicy(nonce, !production, { formTargets: SURVEY_PAGE.test(pathname) ? formTargets : [], frameable });
  const response = refused ?? (pathname.startsWith('/api/') || /\.[^/]*$/.test(pathname) ? NextResponse.next() : pageResponse(request, nonce, csp));
  for (const [name, value] of Object.entries(securityHeaders(csp, production, frameable))) response.headers.set(name, value);
  return response;
}

function pageResponse(request: NextRequest, nonce: string, csp: string) {
  // Next reads the nonce from the request's CSP header and puts it on its own scripts.
  request.headers.set('x-nonce', nonce);
  request.headers.set('content-security-policy', csp);
  return handleI18nRouting(request);
}

export const config = {
  matcher: '/((?!_next/|_vercel/).*)',
};
