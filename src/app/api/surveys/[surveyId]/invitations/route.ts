import { db } from '@/server/db';
import { env } from '@/server/env';
import { isSameOrigin } from '@/server/origin';
import { AuthError, staffForRoute } from '@/server/dal';
import { toLocale } from '@/i18n/routing';
import { reportUnexpected } from '@/server/errors';
import { Refusal } from '@/server/refusal';
import { CONTACT_LIMITS } from '@/features/invitations/contacts-csv';
import { importContactsAs } from '@/features/invitations/invitations';

export const dynamic = 'force-dynamic';

/** How many problems travel back in the address (line, column, code — never a value). */
const ERRORS_SHOWN = 20;

/**
 * POST /api/surveys/{id}/invitations (multipart: file, locale) — a contact list for a survey's
 * invitations (issue 13, part 4). A route handler for the body size, as the Client data upload
 * (api/client-data): same-origin only, admins and the survey's own Client's analysts. Answers
 * with a redirect to the list, saying what was added or which lines to fix — without JavaScript too.
 */
export async function POST(request: Request, { params }: { params: Promise<{ surveyId: string }> }) {
  if (!isSameOrigin(request)) return new Response(null, { status: 403 });
  const { surveyId } = await params;
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(surveyId)) return new Response(null, { status: 404 });
  const user = await staffForRoute('admin', 'analyst');
  if (user instanceof Response) return user;
  const back = (locale: string, query: string) => new Response(null, { status: 303, headers: { location: `/${locale}/admin/surveys/${surveyId}/invitations?${query}` } });
  if (Number(request.headers.get('content-length') ?? 0) > CONTACT_LIMITS.bytes + 64 * 1024) return back(toLocale(user.locale), 'error=too_large');
  const form = await request.formData().catch(() => null);
  const locale = toLocale(String(form?.get('locale') ?? user.locale));
  const file = form?.get('file');
  if (!(file instanceof File) || file.size === 0) return back(locale, 'error=no_file');
  if (file.size > CONTACT_LIMITS.bytes) return back(locale, 'error=too_large');
  try {
    const result = await importContactsAs(db, user, surveyId, file.stream(), env.APP_SECRET);
    if (!result.ok) return back(locale, `problems=${encodeURIComponent(result.errors.slice(0, ERRORS_SHOWN).map((e) => `${e.line}:${e.column ?? ''}:${e.code}`).join(','))}&more=${Math.max(0, result.errors.length - ERRORS_SHOWN)}`);
    return back(locale, `added=${result.added}&listed=${result.alreadyListed}`);
  } catch (error) {
    if (error instanceof AuthError) return new Response(null, { status: 403 });
    if (error instanceof Refusal) return back(locale, `error=${error.code}`);
    return back(locale, `error=unexpected&ref=${reportUnexpected(error, { action: 'importContacts' })}`);
  }
}
