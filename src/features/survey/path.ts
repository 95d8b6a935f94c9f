import { evaluate, type Answers, type Condition } from './logic';
import { isCompleteGrid } from './schemas';

/**
 * The respondent's path through a survey with skip logic: which sections and questions they are
 * asked, given their answers so far. Decided on the server at every step (actions.ts), so a
 * question the logic hides can be neither shown nor submitted. Conditions read only earlier
 * sections and the link's hidden fields (the builder checks it), so one pass in order settles
 * everything. Pure: unit-tested.
 */
export type PathQuestion = { key: string; type: string; required: boolean; showIf: Condition | null; rows?: { value: string }[] };

/** A required question's answer is complete: given, and for a grid every row (the form's rule, schemas.ts). */
const isAnswered = (q: PathQuestion, value: unknown) => (q.type === 'grid' ? isCompleteGrid((q.rows ?? []).map((r) => r.value), value) : value !== undefined);
export type PathSection<Q extends PathQuestion = PathQuestion> = { showIf: Condition | null; questions: Q[] };

/** A value the survey link carries (`?store=…`): stored with the response, never shown as a question. */
export const isHiddenField = (q: { type: string }) => q.type === 'hidden';

/**
 * The answers that count: those of questions still on the path. An answer to a question that the
 * logic now hides (the respondent went back and changed an earlier answer) no longer counts — and
 * is deleted by the next save (policy: P2.1, offPath below) — so nothing later depends on it.
 */
export function countedAnswers(sections: PathSection[], answers: Answers): Answers {
  const counted: Answers = { ...answers };
  for (const section of sections) {
    const sectionShown = evaluate(section.showIf, counted);
    for (const q of section.questions) {
      if (isHiddenField(q)) continue;
      if (!sectionShown || !evaluate(q.showIf, counted)) delete counted[q.key];
    }
  }
  return counted;
}

/** The questions a section asks given these (counted) answers: none when the section is skipped. */
export function askedQuestions<Q extends PathQuestion>(section: PathSection<Q>, counted: Answers): Q[] {
  if (!evaluate(section.showIf, counted)) return [];
  return section.questions.filter((q) => !isHiddenField(q) && evaluate(q.showIf, counted));
}

/** A section is on the path when it asks at least one question. */
const isOnPath = (section: PathSection, counted: Answers) => askedQuestions(section, counted).length > 0;

/** The indexes of the sections on the path, in order. */
export function pathOf(sections: PathSection[], counted: Answers): number[] {
  return sections.flatMap((s, i) => (isOnPath(s, counted) ? [i] : []));
}

/** The first section on the path after `index`, or null when `index` is the last one. */
export function nextOnPath(sections: PathSection[], counted: Answers, index: number): number | null {
  return pathOf(sections, counted).find((i) => i > index) ?? null;
}

/** The section on the path before `index`, or `index` itself when there is none. */
export function previousOnPath(sections: PathSection[], counted: Answers, index: number): number {
  return pathOf(sections, counted).filter((i) => i < index).at(-1) ?? index;
}

/**
 * The section to show for a draft that is on `current`: itself while it is on the path, else the
 * next one that is (or the last one before it). Null when the path is empty (a survey whose every
 * question the logic hides — the builder keeps the first section unconditional, so not in practice).
 */
export function currentOnPath(sections: PathSection[], counted: Answers, current: number): number | null {
  const path = pathOf(sections, counted);
  return path.find((i) => i >= current) ?? path.at(-1) ?? null;
}

/** "Section n of m" counting only the sections on the respondent's path. */
export function positionOnPath(sections: PathSection[], counted: Answers, index: number): { position: number; total: number } {
  const path = pathOf(sections, counted);
  const position = path.filter((i) => i <= index).length;
  return { position: Math.max(position, 1), total: Math.max(path.length, 1) };
}

/**
 * The questions answered but no longer asked (policy: P2.1 — their answers are deleted, not kept).
 * Hidden fields are never "asked" and always kept: they came with the link.
 */
export function offPath<Q extends PathQuestion>(sections: PathSection<Q>[], answers: Answers): Q[] {
  const counted = countedAnswers(sections, answers);
  return sections.flatMap((s) => s.questions.filter((q) => !isHiddenField(q) && answers[q.key] !== undefined && counted[q.key] === undefined));
}

/**
 * The first section on the path that still lacks a required answer, or null when the survey can
 * be submitted. Checked on the server at the end, whatever the pages in between allowed.
 */
export function firstIncompleteOnPath(sections: PathSection[], answers: Answers): number | null {
  const counted = countedAnswers(sections, answers);
  const index = sections.findIndex((s) => askedQuestions(s, counted).some((q) => q.required && !isAnswered(q, counted[q.key])));
  return index === -1 ? null : index;
}
