import type { Db } from '@/server/create-db';
import { draftOptionsSchema, draftTextSchema } from '@/lib/localized-text';
import { clientScope, type StaffUserDTO } from '@/server/authz';


/** A survey (any status) with its questions in order — only if it belongs to the user's scope (P5.5). */
export async function getSurveyInScope(db: Db, user: StaffUserDTO, surveyId: string) {
  const survey = await db.survey.findFirst({
    where: { id: surveyId, ...clientScope(user) },
    select: {
      id: true,
      slug: true,
      title: true,
      clientId: true,
      client: { select: { name: true } },
      sections: {
        orderBy: { position: 'asc' },
        select: { questions: { orderBy: { position: 'asc' }, select: { id: true, key: true, type: true, category: true, prompt: true, options: true, rows: true } } },
      },
    },
  });
  if (!survey) return null;
  return {
    id: survey.id,
    slug: survey.slug,
    title: draftTextSchema.parse(survey.title),
    clientId: survey.clientId,
    clientName: survey.client.name,
    questions: survey.sections.flatMap((s) =>
      s.questions.map((q) => ({
        id: q.id,
        key: q.key,
        type: q.type,
        category: q.category,
        prompt: draftTextSchema.parse(q.prompt),
        options: q.options == null ? [] : draftOptionsSchema.parse(q.options),
        rows: q.rows == null ? [] : draftOptionsSchema.parse(q.rows),
      })),
    ),
  };
}
