import { RATE_LIMITS } from '@/server/rate-limit';
import { plainPage, translatorFor } from '@/server/plain-page';

export const dynamic = 'force-dynamic';

/**
 * GET /{locale}/too-many-requests — where a public write refused by its rate limit sends the
 * browser (src/server/action.ts): a real 429 with a Retry-After, in the visitor's language, that
 * works without JavaScript. A route handler, because a page cannot answer 429.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const locale = (await params).locale === 'en' ? 'en' : 'az';
  const t = translatorFor(locale);
  // The button actions that land here (cookie choice, survey start) count in these windows.
  const wait = RATE_LIMITS.surveyStart.windowMs / 60_000;
  return plainPage(
    locale,
    429,
    { title: t('TooManyRequests.title'), body: t('TooManyRequests.body', { minutes: wait }), back: t('TooManyRequests.back') },
    { 'Retry-After': String(wait * 60) },
  );
}
