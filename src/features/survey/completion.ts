import type { AnswerValue } from './schemas';

type SectionRequirements = { questions: { key: string; required: boolean }[] };

/**
 * The first section (0-based) that still lacks a required answer, or null when the survey can be
 * submitted. Checked again on the server at the end, whatever the pages in between allowed.
 */
export function firstIncompleteSection(
  sections: SectionRequirements[],
  answers: Record<string, AnswerValue | undefined>,
): number | null {
  const index = sections.findIndex((s) => s.questions.some((q) => q.required && answers[q.key] === undefined));
  return index === -1 ? null : index;
}
