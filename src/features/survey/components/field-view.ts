import type { ContactPurpose, QuestionType } from '@/generated/sqlite';

/** A question with its texts already in the respondent's locale (what the client needs). */
export type FieldView = {
  key: string;
  type: QuestionType;
  required: boolean;
  prompt: string;
  help: string | null;
  options: { value: string; label: string }[];
  /** policy: P8.1 — show that leaving it empty may forfeit a reward. */
  forfeitReward: boolean;
  /** policy: P5.1 — why a contact field is asked. */
  contactPurpose: ContactPurpose | null;
  /** policy: P3.3 — offer the (unticked) permission to publish this comment. */
  publishable: boolean;
};
