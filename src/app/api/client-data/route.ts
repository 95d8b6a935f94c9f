import { db } from '@/server/db';
import { isSameOrigin } from '@/server/origin';
import { AuthError, staffForRoute } from '@/server/dal';
import { toLocale } from '@/i18n/routing';
import { reportUnexpected } from '@/server/errors';
import { CSV_LIMITS, MATCH_KEYS, type MatchKey } from '@/features/client-data/csv-rows';
import { ClientDataRefusal, importClientDataAs } from '@/features/client-data/import';

export const dynamic = 'force-dynamic';

/**
 * POST /api/client-data (multipart: clientId, matchKey, file, locale) — a Client's CSV upload
 * (P4.4). A route handler rather than a server action: server actions share one body size limit,
 * and a customer list is far larger than any public form should be allowed to send. The staff
 * cookie is SameSite=Lax and the Origin must be this site: another site cannot post here. Answers with a redirect to the upload's result (or back to the form with
 * an error code), so it works without JavaScript.
 */
export async function POST(request: Request) {
  if (!isSameOrigin(request)) return new Response(null, { status: 403 });
  const user = await staffForRoute('admin', 'analyst');
  if (user instanceof Response) return user;
  const back = (locale: string, query: string) => new Response(null, { status: 303, headers: { location: `/${locale}/admin/client-data${query}` } });
  if (Number(request.headers.get('content-length') ?? 0) > CSV_LIMITS.bytes + 64 * 1024) return back(toLocale(user.locale), '?error=too_large');
  // A body over the proxy's limit arrives cut short and cannot be parsed: too large, not "no file".
  const form = await request.formData().catch(() => null);
  if (!form && Number(request.headers.get('content-length') ?? 0) > CSV_LIMITS.bytes) return back(toLocale(user.locale), '?error=too_large');
  const locale = toLocale(String(form?.get('locale') ?? user.locale));
  const file = form?.get('file');
  const clientId = String(form?.get('clientId') ?? '');
  const matchKey = String(form?.get('matchKey') ?? '');
  if (!(file instanceof File) || file.size === 0) return back(locale, '?error=no_file');
  if (file.size > CSV_LIMITS.bytes) return back(locale, '?error=too_large');
  if (!(MATCH_KEYS as readonly string[]).includes(matchKey) || !/^[A-Za-z0-9_-]{1,64}$/.test(clientId)) return back(locale, '?error=invalid_choice');
  try {
    const { id } = await importClientDataAs(db, user, { clientId, matchKey: matchKey as MatchKey, fileName: file.name, stream: file.stream() });
    return back(locale, `/${id}`);
  } catch (error) {
    if (error instanceof AuthError) return new Response(null, { status: 403 });
    if (error instanceof ClientDataRefusal) return back(locale, '?error=gone');
    return back(locale, `?error=unexpected&ref=${reportUnexpected(error, { action: 'importClientData' })}`);
  }
}
