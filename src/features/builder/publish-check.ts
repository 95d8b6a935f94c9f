import { surveyLogicProblems, type LogicFinding, type LogicSection } from './logic-check';
import { conditionProblems, pipedKeys, type Condition, type LogicProblem, type Referable } from '@/features/survey/logic';

/**
 * What keeps a draft from being published: a missing translation anywhere, a survey without
 * questions, a choice question without options. Pure: unit-tested.
 */
export type DraftText = { az: string; en: string };
export type DraftSurvey = {
  title: DraftText;
  description: DraftText;
  sections: {
    title: DraftText;
    questions: { key: string; type: string; prompt: DraftText; help: DraftText | null; options: { value: string; label: DraftText }[]; rows?: { value: string; label: DraftText }[] | null }[];
  }[];
};

export type PublishProblem =
  | { code: 'missing_translation'; where: string; locale: 'az' | 'en' }
  | { code: 'no_questions' }
  | { code: 'too_few_options'; where: string }
  | { code: 'logic'; where: string; problem: LogicFinding['problem'] }
  | { code: 'quota'; name: string; problem: LogicProblem }
  | { code: 'fieldwork_field'; key: string };

/** The fieldwork set so far (fieldwork-commands.ts), as publishing sees it. */
export type DraftFieldwork = { quotas: { name: string; condition: Condition | null }[]; returnUrls: (string | null)[]; panelIdKey: string | null };

/**
 * Fieldwork saved while the questionnaire still changed: a quota on a question renamed or removed
 * since would never match (no limit at all), a return link or the panel id naming a hidden field
 * that is gone would quietly send nobody back. Checked again before publishing.
 */
export function fieldworkPublishProblems(sections: LogicSection[], fieldwork: DraftFieldwork): PublishProblem[] {
  const questions = sections.flatMap((s) => s.questions);
  const referables = new Map<string, Referable>(questions.map((q) => [q.key, { key: q.key, type: q.type, options: q.options.map((o) => o.value) }]));
  const hiddenKeys = questions.filter((q) => q.type === 'hidden').map((q) => q.key);
  const problems: PublishProblem[] = [];
  for (const quota of fieldwork.quotas) {
    for (const problem of conditionProblems(quota.condition, referables, new Set(referables.keys()))) problems.push({ code: 'quota', name: quota.name, problem });
  }
  const named = [...fieldwork.returnUrls.flatMap((u) => (u ? pipedKeys(u) : [])), ...(fieldwork.panelIdKey ? [fieldwork.panelIdKey] : [])];
  for (const key of new Set(named)) if (!hiddenKeys.includes(key)) problems.push({ code: 'fieldwork_field', key });
  return problems;
}

/** Skip logic and piping that read something not before them (logic-check.ts), as publish problems. */
export function logicPublishProblems(sections: LogicSection[], randomizeSections = false): PublishProblem[] {
  return surveyLogicProblems(sections, randomizeSections).map(({ where, problem }) => ({ code: 'logic', where: 'section' in where ? `section ${where.section}` : where.question, problem }));
}

const LOCALES = ['az', 'en'] as const;

export function publishProblems(survey: DraftSurvey): PublishProblem[] {
  const problems: PublishProblem[] = [];
  const text = (t: DraftText | null, where: string) => {
    if (!t) return;
    for (const locale of LOCALES) if (!t[locale]?.trim()) problems.push({ code: 'missing_translation', where, locale });
  };
  text(survey.title, 'title');
  text(survey.description, 'description');
  if (survey.sections.every((s) => s.questions.length === 0)) problems.push({ code: 'no_questions' });
  survey.sections.forEach((section, i) => {
    text(section.title, `section ${i + 1}`);
    for (const q of section.questions) {
      text(q.prompt, q.key);
      if (q.help && (q.help.az.trim() || q.help.en.trim())) text(q.help, `${q.key} (help)`);
      if (q.type === 'single_choice' || q.type === 'multiple_choice' || q.type === 'grid') {
        if (q.options.length < 2) problems.push({ code: 'too_few_options', where: q.key });
        q.options.forEach((o) => text(o.label, `${q.key}: ${o.value}`));
      }
      // A grid's rows (the builder refuses a grid without any).
      (q.rows ?? []).forEach((r) => text(r.label, `${q.key}: ${r.value}`));
    }
  });
  return problems;
}
