import { db } from '@/server/db';
import { env } from '@/server/env';
import { todayIn } from '@/lib/dates';
import { staffForRoute } from '@/server/dal';
import { exportSubjectAs } from '@/features/dpo/commands';
import { isEmptySubject } from '@/features/dpo/subject';
import { parseSubjectHandle, resolveSubjectHandle } from '@/features/dpo/subject-handle';
import { zipResponse } from '@/lib/zip-response';

export const dynamic = 'force-dynamic';

/**
 * GET /api/dpo/subjects/{respondent|consent}/{id}/export — the subject's zip (P7.2 access and
 * portability). The dpo role only: anyone else gets 401/403 and no data. Audited with counts.
 */
export async function GET(_request: Request, { params }: { params: Promise<{ kind: string; id: string }> }) {
  const { kind, id } = await params;
  const user = await staffForRoute('dpo');
  if (user instanceof Response) return user;
  const handle = parseSubjectHandle(kind, id);
  const subject = handle ? await resolveSubjectHandle(db, handle) : null;
  if (!subject || isEmptySubject(subject)) return new Response(null, { status: 404 });
  const zip = await exportSubjectAs(db, user, subject);
  return zipResponse(zip.bytes, `subject-${todayIn(env.APP_TIME_ZONE)}.zip`);
}

