import type { ContactPurpose, QuestionType } from '@/generated/sqlite';

/** A question with its texts already in the respondent's locale (what the client needs). */
export type FieldView = {
  key: string;
  type: QuestionType;
  required: boolean;
  prompt: string;
  help: string | null;
  options: { value: string; label: string }[];
  /** A grid's rows (its scale is `options`). */
  rows: { value: string; label: string }[];
  /** policy: P8.1 — leaving it empty may forfeit a reward (said once per section, see SectionForm). */
  forfeitReward: boolean;
  /** policy: P5.1 — why a contact field is asked. */
  contactPurpose: ContactPurpose | null;
  /** policy: P3.3 — offer the (unticked) permission to publish this comment. */
  publishable: boolean;
  /** Asked only on some paths (skip logic): during an outage it is shown only if the failed post had it. */
  conditional: boolean;
};

/** The id of a section's one reward notice (P8.1), which each field it concerns points to. */
export const REWARD_NOTICE_ID = 'reward-notice';
