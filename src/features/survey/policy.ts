import type { DataCategory, LawfulBasis } from '@/generated/sqlite';

/**
 * policy: P4.1–P4.4 — the lawful basis of each data category (POLICY.md, table of P2).
 * Stored with every value so that the basis is provable for each row.
 */
const LAWFUL_BASIS: Record<DataCategory, LawfulBasis> = {
  contact: 'legitimate_interests',
  demographic: 'legitimate_interests',
  answers: 'legitimate_interests',
  client: 'legitimate_interests',
  support: 'legitimate_interests',
  usage: 'consent',
  location: 'consent',
  fraud: 'consent',
  social: 'consent',
};

export function lawfulBasisFor(category: DataCategory): LawfulBasis {
  return LAWFUL_BASIS[category];
}

/**
 * policy: P2.1 — what a respondent types into a survey may only be stored under these
 * categories. Consent-based categories (usage, location, fraud, social) never arrive through
 * survey questions: they have their own collection path behind the consent gate (P4.2).
 */
export const SURVEY_QUESTION_CATEGORIES = ['answers', 'contact', 'demographic'] as const satisfies readonly DataCategory[];

export function mayStoreFromSurvey(category: DataCategory): boolean {
  return (SURVEY_QUESTION_CATEGORIES as readonly DataCategory[]).includes(category);
}

/**
 * policy: P8.1 — optional contact and demographic questions say that leaving them empty may
 * forfeit a reward; they never block submission.
 */
export function mayForfeitReward(question: { category: DataCategory; required: boolean }): boolean {
  return !question.required && (question.category === 'contact' || question.category === 'demographic');
}
