import type { Db } from '@/server/create-db';
import { draftTextSchema } from '@/lib/localized-text';
import { clientScope, type StaffUserDTO } from '@/features/auth/roles';

/** policy: P5.5 — the surveys a staff member may see: all for admins, their Client's for analysts. */
export async function listSurveysForStaff(db: Db, user: StaffUserDTO) {
  const rows = await db.survey.findMany({
    where: clientScope(user),
    orderBy: { createdAt: 'desc' },
    select: {
      id: true,
      slug: true,
      status: true,
      title: true,
      client: { select: { name: true } },
      _count: { select: { responses: true } },
    },
  });
  const completed = await db.response.groupBy({
    by: ['surveyId'],
    where: { status: 'completed', surveyId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  return rows.map((r) => ({
    id: r.id,
    slug: r.slug,
    status: r.status,
    title: draftTextSchema.parse(r.title),
    clientName: r.client.name,
    responses: r._count.responses,
    completed: completed.find((c) => c.surveyId === r.id)?._count._all ?? 0,
  }));
}
