import { z } from 'zod';
import { auditEvent } from '@/server/audit';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { todayIn } from '@/lib/dates';
import { staffForRoute } from '@/server/dal';
import { csvStream, jsonStream, planExport, type ExportPlan } from '@/features/responses/export';
import { XLSX_MAX_ROWS, xlsxStream } from '@/features/responses/export-xlsx';
import { spssZipStream } from '@/features/responses/export-spss';
import type { Locale } from '@/i18n/routing';

export const dynamic = 'force-dynamic';

const querySchema = z.object({
  format: z.enum(['csv', 'json', 'xlsx', 'spss']).catch('csv'),
  /** The language of the labels (Excel, SPSS). */
  lang: z.enum(['az', 'en']).catch('en'),
  outcomes: z.literal('all').optional().catch(undefined),
});

const FORMATS: Record<z.infer<typeof querySchema>['format'], { type: string; extension: string; body: (plan: ExportPlan, locale: Locale) => ReadableStream<Uint8Array> }> = {
  csv: { type: 'text/csv; charset=utf-8', extension: 'csv', body: csvStream },
  json: { type: 'application/json; charset=utf-8', extension: 'json', body: jsonStream },
  xlsx: { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx', body: xlsxStream },
  spss: { type: 'application/zip', extension: 'spss.zip', body: spssZipStream },
};

/**
 * GET /api/surveys/{id}/export?format=csv|json|xlsx|spss[&lang=az|en][&outcomes=all] — admins and
 * the survey's own Client's analysts (P5.5); anyone else gets 401/403/404 and no data. Every export
 * is audited (who, which, how many).
 */
export async function GET(request: Request, { params }: { params: Promise<{ surveyId: string }> }) {
  const { surveyId } = await params;
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const user = await staffForRoute('admin', 'analyst');
  if (user instanceof Response) return user;
  const allOutcomes = query.outcomes === 'all';
  const plan = await planExport(db, user, surveyId, { allOutcomes, locale: query.lang, timeZone: env.APP_TIME_ZONE });
  if (!plan) return new Response(null, { status: 404 });
  if (query.format === 'xlsx' && plan.total > XLSX_MAX_ROWS) {
    // Back to the report, which says so in the user's language (nothing is cut silently).
    return new Response(null, { status: 303, headers: { location: `/${query.lang}/admin/surveys/${surveyId}?exportError=tooManyRows` } });
  }
  await auditEvent(db, { actor: user.id, action: 'responses.exported', target: `survey:${surveyId}`, counts: { rows: plan.total, [query.format]: 1, ...(allOutcomes ? { allOutcomes: 1 } : {}) } });
  const format = FORMATS[query.format];
  return new Response(format.body(plan, query.lang), {
    headers: {
      'content-type': format.type,
      'content-disposition': `attachment; filename="${plan.surveySlug}-responses-${todayIn(env.APP_TIME_ZONE)}.${format.extension}"`,
      'cache-control': 'no-store',
    },
  });
}
