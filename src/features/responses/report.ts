import type { QuestionType } from '@/generated/sqlite';
import { addDays, dayOf } from '@/lib/dates';
import { isGridAnswer } from '@/features/survey/field-names';
import { GENDER_VALUES, NPS_MAX, NPS_MIN, RATING_MAX, RATING_MIN } from '@/features/survey/question-types';

/**
 * Report figures per question, from answers already filtered to what may be reported
 * (completed responses of non-restricted respondents). Pure: unit-tested.
 */
export type Bucket = { value: string; count: number; percent: number };
export type QuestionReport =
  | { kind: 'choice'; answered: number; buckets: Bucket[] }
  | { kind: 'rating'; answered: number; mean: number | null; buckets: Bucket[] }
  | { kind: 'nps'; answered: number; score: number | null; promoters: number; passives: number; detractors: number; buckets: Bucket[] }
  | { kind: 'grid'; answered: number; rows: { value: string; answered: number; buckets: Bucket[] }[] }
  | { kind: 'text'; answered: number };

/** How many distinct values of a hidden field the report shows (the export has them all). */
export const HIDDEN_VALUES_SHOWN = 20;

const percent = (count: number, of: number) => (of === 0 ? 0 : Math.round((count / of) * 1000) / 10);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

function bucketsOf(values: string[], counted: string[], answered: number): Bucket[] {
  return values.map((value) => {
    const count = counted.filter((c) => c === value).length;
    return { value, count, percent: percent(count, answered) };
  });
}

export function reportQuestion(type: QuestionType, optionValues: string[], answers: unknown[], rowValues: string[] = []): QuestionReport {
  const answered = answers.length;
  switch (type) {
    case 'grid': {
      // Reported per row: each row's answers over the scale, as a single choice would be.
      const rows = rowValues.map((row) => {
        const given = answers.flatMap((a) => (isGridAnswer(a) && Object.hasOwn(a, row) ? [String(a[row])] : []));
        return { value: row, answered: given.length, buckets: bucketsOf(optionValues, given, given.length) };
      });
      return { kind: 'grid', answered, rows };
    }
    case 'single_choice':
      return { kind: 'choice', answered, buckets: bucketsOf(optionValues, answers.map(String), answered) };
    case 'gender':
      return { kind: 'choice', answered, buckets: bucketsOf([...GENDER_VALUES], answers.map(String), answered) };
    case 'multiple_choice': {
      // Percent of respondents who chose each option (the total can exceed 100 %).
      const chosen = answers.flatMap((a) => (Array.isArray(a) ? a.map(String) : []));
      return { kind: 'choice', answered, buckets: bucketsOf(optionValues, chosen, answered) };
    }
    case 'rating': {
      const numbers = answers.map(Number).filter(Number.isFinite);
      const mean = numbers.length ? Math.round((numbers.reduce((a, b) => a + b, 0) / numbers.length) * 100) / 100 : null;
      return { kind: 'rating', answered, mean, buckets: bucketsOf(range(RATING_MIN, RATING_MAX), numbers.map(String), answered) };
    }
    case 'nps': {
      const numbers = answers.map(Number).filter(Number.isFinite);
      const promoters = numbers.filter((n) => n >= 9).length;
      const detractors = numbers.filter((n) => n <= 6).length;
      const passives = numbers.length - promoters - detractors;
      // NPS = % promoters − % detractors, from −100 to 100.
      const score = numbers.length ? Math.round(((promoters - detractors) / numbers.length) * 100) : null;
      return { kind: 'nps', answered, score, promoters, passives, detractors, buckets: bucketsOf(range(NPS_MIN, NPS_MAX), numbers.map(String), answered) };
    }
    case 'hidden': {
      // The link's values as they came (`?store=baku-28`): the most frequent ones, each counted.
      const counts = new Map<string, number>();
      for (const a of answers) counts.set(String(a), (counts.get(String(a)) ?? 0) + 1);
      const top = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).slice(0, HIDDEN_VALUES_SHOWN);
      return { kind: 'choice', answered, buckets: top.map(([value, count]) => ({ value, count, percent: percent(count, answered) })) };
    }
    default:
      return { kind: 'text', answered };
  }
}

/** Completed responses per day (days in `timeZone`, the app's), with every day in between present (zero when none). */
export function responsesPerDay(completedAt: Date[], timeZone: string): { day: string; count: number }[] {
  if (completedAt.length === 0) return [];
  const counts = new Map<string, number>();
  for (const at of completedAt) counts.set(dayOf(at, timeZone), (counts.get(dayOf(at, timeZone)) ?? 0) + 1);
  const days = [...counts.keys()].sort();
  const out: { day: string; count: number }[] = [];
  for (let day = days[0]!; day <= days.at(-1)!; day = addDays(day, 1)) out.push({ day, count: counts.get(day) ?? 0 });
  return out;
}
