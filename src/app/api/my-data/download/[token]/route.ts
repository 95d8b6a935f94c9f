import { db } from '@/server/db';
import { env } from '@/server/env';
import { todayIn } from '@/lib/dates';
import { downloadExport } from '@/features/my-data/self-service';
import { zipResponse } from '@/lib/zip-response';

export const dynamic = 'force-dynamic';

/**
 * GET /api/my-data/download/{token} — the respondent's export, while the mailed link is valid
 * (P7.2). An unknown or expired link goes back to the localized page that explains it.
 */
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const result = await downloadExport(db, token);
  if (result.status !== 'ok') {
    const locale = new URL(request.url).searchParams.get('locale') === 'en' ? 'en' : 'az';
    return Response.redirect(new URL(`/${locale}/my-data/download/${encodeURIComponent(token)}?problem=${result.status}`, request.url), 303);
  }
  return zipResponse(result.zip.bytes, `sorgu-my-data-${todayIn(env.APP_TIME_ZONE)}.zip`);
}
