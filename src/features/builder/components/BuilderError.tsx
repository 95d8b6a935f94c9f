'use client';

import { useTranslations } from 'next-intl';

const KNOWN = ['required', 'too_long', 'slug', 'taken', 'age_range', 'country', 'question_key', 'option_value', 'invalid_choice', 'contact_purpose', 'publishable_comment', 'forbidden', 'not_a_draft', 'unexpected', 'form', 'retention_max', 'invalid_characters', 'busy', 'unavailable', 'logic_syntax', 'logic_too_long', 'logic_too_deep', 'logic_unknown_key', 'logic_not_before', 'logic_operator', 'logic_value', 'hidden_field', 'reserved_key', 'grid_rows', 'keep_last', 'duplicate_value', 'date_time', 'schedule_order', 'max_responses', 'return_url_invalid', 'return_url_scheme', 'return_url_origin', 'return_url_key', 'quota_limit', 'survey_closed', 'too_many_quotas', 'max_reminders', 'reminder_after_days', 'not_published', 'not_open', 'not_configured'] as const;

/** A localized builder error next to its field; unknown codes show the generic one. */
export function BuilderError({ code, testId }: { code?: string; testId?: string }) {
  const t = useTranslations('Builder');
  if (!code) return null;
  const key = (KNOWN as readonly string[]).includes(code) ? (code as (typeof KNOWN)[number]) : 'form';
  return (
    <p className="field-error" data-testid={testId}>
      {t(`errors.${key}`)}
    </p>
  );
}
