import { createTranslator } from 'next-intl';
import az from '../../messages/az.json';
import en from '../../messages/en.json';

/**
 * A small, complete, localized HTML page for answers given before (or instead of) React renders
 * anything — a refused request in the proxy, a 429 — so that a browser without JavaScript reads a
 * sentence in its language, never an empty body or a framework's plain "Internal Server Error".
 * No script, no external resource: it is valid under any Content-Security-Policy.
 */
export type PlainLocale = 'az' | 'en';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The locale a path names (`/en/…`), Azerbaijani otherwise (the default locale). */
export function localeOfPath(pathname: string): PlainLocale {
  return /^\/en(\/|$)/.test(pathname) ? 'en' : 'az';
}

export function translatorFor(locale: PlainLocale) {
  return createTranslator({ locale, messages: locale === 'en' ? en : az });
}

export function plainPage(
  locale: PlainLocale,
  status: number,
  text: { title: string; body: string; back: string; reference?: string },
  headers: Record<string, string> = {},
): Response {
  // The reference under which the server logged what went wrong (never the error itself).
  const reference = text.reference ? `<p data-testid="error-reference">${escape(text.reference)}</p>` : '';
  const html = `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(text.title)} — Sorğu</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}a{color:#0b5cad}</style></head>
<body><main><h1>${escape(text.title)}</h1><p>${escape(text.body)}</p>${reference}<p><a href="/${locale}">${escape(text.back)}</a></p></main></body></html>`;
  return new Response(html, { status, headers: { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', ...headers } });
}
