import createMiddleware from 'next-intl/middleware';
import type { NextRequest } from 'next/server';
import { routing } from './i18n/routing';

const handleI18nRouting = createMiddleware(routing);

/** Next 16's request interceptor: sends `/` and unprefixed paths to the negotiated locale. */
export default function proxy(request: NextRequest) {
  return handleI18nRouting(request);
}

export const config = {
  matcher: '/((?!api|_next|_vercel|.*\\..*).*)',
};
