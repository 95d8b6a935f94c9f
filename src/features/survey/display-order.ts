import { randomInt } from 'node:crypto';
import { z } from 'zod';

/**
 * Randomization (issue 13, part 2): the order one respondent sees — sections, the questions of a
 * section, the options of a choice question — drawn once when they start, stored with their
 * response (reports and exports need it), and the same on every page and after a resume. Only
 * what the survey asks to shuffle moves: the first section always stays first (every path starts
 * there, builder/logic-check.ts), and options marked "keep last" (other, none) stay last.
 */
const ids = z.array(z.string().max(100)).max(1000);
export const displayOrderSchema = z.object({ sections: ids.optional(), questions: z.record(z.string(), ids).optional(), options: z.record(z.string(), ids).optional() }).strict();
export type DisplayOrder = z.infer<typeof displayOrderSchema>;

type OrderableOption = { value: string; keepLast?: boolean };
type OrderableQuestion = { id: string; randomizeOptions?: boolean; options: OrderableOption[] };
type OrderableSection = { id: string; randomizeQuestions?: boolean; questions: OrderableQuestion[] };
export type OrderableSurvey = { randomizeSections?: boolean; sections: OrderableSection[] };

/** Fisher–Yates with an unpredictable source (a respondent cannot steer what they are shown first). */
export function shuffled<T>(items: readonly T[], random: (n: number) => number = randomInt): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = random(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** The order to store for a new response; null when the survey shuffles nothing. */
export function drawDisplayOrder(survey: OrderableSurvey, random: (n: number) => number = randomInt): DisplayOrder | null {
  const order: DisplayOrder = {};
  if (survey.randomizeSections && survey.sections.length > 2) {
    const [first, ...rest] = survey.sections;
    order.sections = [first!.id, ...shuffled(rest, random).map((s) => s.id)];
  }
  for (const section of survey.sections) {
    if (section.randomizeQuestions && section.questions.length > 1) (order.questions ??= {})[section.id] = shuffled(section.questions, random).map((q) => q.id);
    for (const q of section.questions) {
      if (!q.randomizeOptions || q.options.length < 2) continue;
      const moving = q.options.filter((o) => !o.keepLast);
      const last = q.options.filter((o) => o.keepLast);
      (order.options ??= {})[q.id] = [...shuffled(moving, random), ...last].map((o) => o.value);
    }
  }
  return order.sections || order.questions || order.options ? order : null;
}

/** `items` in the stored order; anything the order does not name keeps its place after the named ones. */
function inOrder<T>(items: readonly T[], keyOf: (item: T) => string, order: string[] | undefined): T[] {
  if (!order) return [...items];
  const rank = new Map(order.map((key, i) => [key, i]));
  return [...items].sort((a, b) => (rank.get(keyOf(a)) ?? Infinity) - (rank.get(keyOf(b)) ?? Infinity));
}

/** The survey as this respondent sees it (a new object; the cached definition is shared by everyone). */
export function applyDisplayOrder<S extends OrderableSurvey>(survey: S, order: DisplayOrder | null): S {
  if (!order) return survey;
  return {
    ...survey,
    sections: inOrder(survey.sections, (s) => s.id, order.sections).map((s) => ({
      ...s,
      questions: inOrder(s.questions, (q) => q.id, order.questions?.[s.id]).map((q) => ({ ...q, options: inOrder(q.options, (o) => o.value, order.options?.[q.id]) })),
    })),
  };
}
