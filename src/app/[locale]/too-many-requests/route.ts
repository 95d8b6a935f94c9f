import { createTranslator } from 'next-intl';
import az from '../../../../messages/az.json';
import en from '../../../../messages/en.json';
import { RATE_LIMITS } from '@/server/rate-limit';

export const dynamic = 'force-dynamic';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * GET /{locale}/too-many-requests — where a public write refused by its rate limit sends the
 * browser (src/server/action.ts): a real 429 with a Retry-After, in the visitor's language, that
 * works without JavaScript. A route handler, because a page cannot answer 429.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const locale = (await params).locale === 'en' ? 'en' : 'az';
  const t = createTranslator({ locale, messages: locale === 'en' ? en : az, namespace: 'TooManyRequests' });
  // The button actions that land here (cookie choice, survey start) count in these windows.
  const wait = RATE_LIMITS.surveyStart.windowMs / 60_000;
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(t('title'))} — Sorğu</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#0b5cad}</style></head>
<body><main><h1>${escape(t('title'))}</h1><p>${escape(t('body', { minutes: wait }))}</p><p><a href="/${locale}">${escape(t('back'))}</a></p></main></body></html>`;
  return new Response(html, { status: 429, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Retry-After': String(wait * 60), 'Cache-Control': 'no-store' } });
}
