import { isOldEnough, minimumAgeFor } from './age-gate';
import type { Intent, SectionFormState } from './form-state';
import { askedQuestions, countedAnswers, currentOnPath, firstIncompleteOnPath, nextOnPath, offPath, pathOf, previousOnPath } from './path';
import { screensOut } from './fieldwork';
import type { DraftDTO, QuestionDTO, SurveyDTO } from './queries';
import type { PathSettler } from './drafts';
import { formDataToRaw, parseSection, type AnswerValue } from './schemas';

/**
 * What one posted section means for a draft, decided before anything is written — the server's
 * whole judgement of a respondent's step, whatever the page showed or the request claims:
 * - only a section on the respondent's path (skip logic, path.ts), no later than the draft's own;
 * - only the questions the path asks there (a question the logic hides is an unknown field);
 * - answers to questions the new answers skip are deleted with the save (policy: P2.1);
 * - the next section is the next one on the path; with none left, the response is finishing.
 * Pure: unit- and integration-tested; actions.ts writes what it decides.
 */
export type SectionStep =
  | { kind: 'stale' }
  | { kind: 'invalid'; state: SectionFormState }
  | { kind: 'under_age' }
  | {
      kind: 'save';
      /** The questions to write: the ones asked (their values) and the ones dropped (deleted). */
      questions: QuestionDTO[];
      values: Record<string, AnswerValue | undefined>;
      publish: Record<string, boolean>;
      nextSection: number;
      /** Finishing: the draft completes unless `incomplete` names a section still lacking a required answer. */
      finishing: boolean;
      incomplete: number | null;
      /** Sent forward, the section's screen-out holds: the response ends "screened out" once saved. */
      screenedOut: boolean;
      /** The answers once this step is saved, by key (the quotas read them, fieldwork.ts). */
      answers: Record<string, unknown>;
    };

export function planSectionStep(survey: SurveyDTO, draft: Pick<DraftDTO, 'answers' | 'currentSection'>, formData: FormData, intent: Intent, today: string): SectionStep {
  const index = survey.sections.findIndex((s) => s.id === formData.get('sectionId'));
  const section = survey.sections[index];
  const counted = countedAnswers(survey.sections, draft.answers);
  const current = currentOnPath(survey.sections, counted, draft.currentSection) ?? 0;
  // A page already passed may be sent again (browser back); a later one may not, nor one the logic skips.
  const asked = section && index <= current ? askedQuestions(section, counted) : [];
  if (!section || asked.length === 0) return { kind: 'stale' };

  const values = formDataToRaw(formData, asked);
  const mode = intent.kind === 'next' || intent.kind === 'finish' ? 'complete' : 'partial';
  const parsed = parseSection(asked, values, mode, today);
  if (!parsed.ok) return { kind: 'invalid', state: { fieldErrors: parsed.fieldErrors, formError: parsed.formError, values, sectionId: section.id } };

  // policy: P11.1 — a birth date below the minimum age ends the survey (the caller deletes the draft).
  const minimumAge = minimumAgeFor(survey);
  const underAge = asked.some((q) => {
    const value = parsed.values[q.key];
    return q.type === 'birth_date' && typeof value === 'string' && !isOldEnough(value, today, minimumAge);
  });
  if (underAge) return { kind: 'under_age' };

  const dropped = offPath(survey.sections, { ...draft.answers, ...parsed.values });
  const cleared = Object.fromEntries(dropped.map((q) => [q.key, undefined]));
  const answers = { ...draft.answers, ...parsed.values, ...cleared };
  const after = countedAnswers(survey.sections, answers);
  const next = nextOnPath(survey.sections, after, index);
  const forward = intent.kind === 'next' || intent.kind === 'finish';
  // Screen-out is judged when the section is sent on, over every answer given by then.
  const screenedOut = forward && screensOut(section, after);
  const finishing = forward && next === null && !screenedOut;
  return {
    kind: 'save',
    questions: [...asked, ...dropped],
    values: { ...parsed.values, ...cleared },
    publish: parsed.publish,
    nextSection: intent.kind === 'back' ? previousOnPath(survey.sections, after, index) : forward ? (next ?? index) : index,
    finishing,
    // Every required answer of every section on the path, not only this page's.
    incomplete: finishing ? firstIncompleteOnPath(survey.sections, answers) : null,
    screenedOut,
    answers: after,
  };
}

/**
 * The judgement completeDraft makes inside its transaction, over the answers stored at that moment
 * (drafts.ts PathSettler): the answers the path skips are deleted, a section still lacking a
 * required answer stops the completion, and so does a screen-out that holds on the path (a crafted
 * or parallel post cannot complete a response its own answers screen out).
 */
export function pathSettler(sections: SurveyDTO['sections']): PathSettler {
  const byId = new Map(sections.flatMap((s) => s.questions.map((q) => [q.id, q] as const)));
  return (stored) => {
    const answers = Object.fromEntries(stored.flatMap((a) => (byId.has(a.questionId) ? [[byId.get(a.questionId)!.key, a.value]] : [])));
    const dropped = offPath(sections, answers);
    for (const q of dropped) delete answers[q.key];
    const counted = countedAnswers(sections, answers);
    const screenedOut = pathOf(sections, counted).some((i) => screensOut(sections[i]!, counted));
    return { drop: dropped.map((q) => q.id), incomplete: firstIncompleteOnPath(sections, answers), screenedOut, answers: counted };
  };
}
