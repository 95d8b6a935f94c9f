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
    // A path, not a URL: the browser resolves it against the address it used, so neither `Host`
    // nor the server's own port ever ends up in it. A token that is none is not echoed back.
    const shown = /^[A-Za-z0-9_-]{43}$/.test(token) ? token : 'invalid';
    return new Response(null, { status: 303, headers: { Location: `/${locale}/my-data/download/${shown}?problem=${result.status}`, 'Cache-Control': 'no-store' } });
  }
  return zipResponse(result.zip.bytes, `sorgu-my-data-${todayIn(env.APP_TIME_ZONE)}.zip`);
}
