import type { Db } from '@/server/create-db';
import { databaseFault } from '@/server/db-errors';
import { getPublishedSurvey, type SurveyDTO } from './queries';

/**
 * The survey pages' read of a published survey, with a fallback for outages: the last copy this
 * process read is shown while the database cannot be reached, so that a respondent's section
 * form can come back with what they typed (SectionForm) instead of a blank page. Only pages use
 * it — an action still needs the database to save anything — and a survey closed or changed while
 * the database is up is forgotten at this process's next read (other instances keep their own
 * copy, and one started during the outage has none: it shows the error page). Keys are slugs the
 * database returned, so the map holds at most the published surveys; a cap bounds it anyway.
 */
const lastRead = new Map<string, SurveyDTO>();
const MAX_SURVEYS = 500;

export async function publishedSurveyForPage(db: Db, slug: string): Promise<SurveyDTO | null> {
  try {
    const survey = await getPublishedSurvey(db, slug);
    lastRead.delete(slug);
    if (survey) {
      lastRead.set(slug, survey);
      if (lastRead.size > MAX_SURVEYS) lastRead.delete(lastRead.keys().next().value!);
    }
    return survey;
  } catch (error) {
    const remembered = databaseFault(error) ? lastRead.get(slug) : undefined;
    if (!remembered) throw error;
    return remembered;
  }
}
