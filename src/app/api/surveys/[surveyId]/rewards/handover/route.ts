import { stringify } from 'csv-stringify/sync';
import { db } from '@/server/db';
import { staffForRoute } from '@/server/dal';
import { isSameOrigin } from '@/server/origin';
import { todayIn } from '@/lib/dates';
import { env } from '@/server/env';
import { RewardRefusal, handOverToPartnerAs } from '@/features/rewards/rewards';
import { neutralizeCell } from '@/features/responses/export';

export const dynamic = 'force-dynamic';

/**
 * POST /api/surveys/{id}/rewards/handover — policy: P5.2. The owed loyalty bonuses as the CSV the
 * partner receives (reference and email, nothing else); each hand-over is recorded in the same
 * transaction. Admins only, from this site only (a download, so a route handler).
 */
export async function POST(request: Request, { params }: { params: Promise<{ surveyId: string }> }) {
  if (!isSameOrigin(request)) return new Response(null, { status: 403 });
  const user = await staffForRoute('admin');
  if (user instanceof Response) return user;
  const { surveyId } = await params;
  try {
    const { slug, rows } = await handOverToPartnerAs(db, user, surveyId);
    // Typed by respondents: a cell a spreadsheet would run as a formula is neutralised, as in exports.
    const cells = rows.map((r) => [neutralizeCell(r.reference), neutralizeCell(r.email)]);
    return new Response(stringify(cells, { header: true, columns: ['reference', 'email'], bom: true }), {
      headers: {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${slug}-handover-${todayIn(env.APP_TIME_ZONE)}.csv"`,
        'cache-control': 'no-store',
      },
    });
  } catch (error) {
    if (error instanceof RewardRefusal) return new Response(null, { status: error.code === 'gone' ? 404 : 409 });
    throw error;
  }
}
