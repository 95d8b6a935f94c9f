import { plainPage, translatorFor } from '@/server/plain-page';

export const dynamic = 'force-dynamic';

const REFERENCE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * GET /{locale}/request-failed?kind=unavailable|unexpected&ref=<uuid> — where a button action
 * that failed sends the browser (src/server/action.ts): a page in the visitor's language saying
 * nothing was done, with the reference the server logged. A route handler, so that it renders
 * with the database down and answers 503/500, which a page cannot.
 */
export async function GET(request: Request, { params }: { params: Promise<{ locale: string }> }) {
  const locale = (await params).locale === 'en' ? 'en' : 'az';
  const t = translatorFor(locale);
  const query = new URL(request.url).searchParams;
  const unavailable = query.get('kind') === 'unavailable';
  const ref = query.get('ref') ?? '';
  return plainPage(locale, unavailable ? 503 : 500, {
    title: t(unavailable ? 'RequestFailed.unavailableTitle' : 'RequestFailed.unexpectedTitle'),
    body: t(unavailable ? 'RequestFailed.unavailableBody' : 'RequestFailed.unexpectedBody'),
    back: t('RequestFailed.back'),
    reference: REFERENCE.test(ref) ? t('Errors.reference', { id: ref }) : undefined,
  }, unavailable ? { 'Retry-After': '60' } : {});
}
