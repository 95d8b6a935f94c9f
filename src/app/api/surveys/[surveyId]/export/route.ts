import { auditEvent } from '@/server/audit';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { todayIn } from '@/lib/dates';
import { staffForRoute } from '@/server/dal';
import { csvStream, jsonStream, planExport } from '@/features/responses/export';

export const dynamic = 'force-dynamic';

/**
 * GET /api/surveys/{id}/export?format=csv|json[&outcomes=all] — admins and the survey's own Client's analysts
 * (P5.5); anyone else gets 401/403/404 and no data. Every export is audited (who, which, how many).
 */
export async function GET(request: Request, { params }: { params: Promise<{ surveyId: string }> }) {
  const { surveyId } = await params;
  const format = new URL(request.url).searchParams.get('format') === 'json' ? 'json' : 'csv';
  const user = await staffForRoute('admin', 'analyst');
  if (user instanceof Response) return user;
  const allOutcomes = new URL(request.url).searchParams.get('outcomes') === 'all';
  const plan = await planExport(db, user, surveyId, { allOutcomes });
  if (!plan) return new Response(null, { status: 404 });
  await auditEvent(db, { actor: user.id, action: 'responses.exported', target: `survey:${surveyId}`, counts: { rows: plan.total, [format]: 1, ...(allOutcomes ? { allOutcomes: 1 } : {}) } });
  const stamp = todayIn(env.APP_TIME_ZONE);
  return new Response(format === 'json' ? jsonStream(plan) : csvStream(plan), {
    headers: {
      'content-type': format === 'json' ? 'application/json; charset=utf-8' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${plan.surveySlug}-responses-${stamp}.${format}"`,
      'cache-control': 'no-store',
    },
  });
}
