'use client';

import { useTranslations } from 'next-intl';
import { adminFormErrorKey } from '../form-error';

const KNOWN = ['required', 'invalid_email', 'invalid_choice', 'too_long', 'analyst_needs_client', 'password_too_short', 'slug', 'taken', 'unexpected'] as const;
type Known = (typeof KNOWN)[number];

/** A back-office field error, localized; unknown codes fall back to the generic message. */
export function FieldError({ id, code }: { id: string; code?: string }) {
  const t = useTranslations('Admin');
  if (!code) return null;
  const key: Known = (KNOWN as readonly string[]).includes(code) ? (code as Known) : 'invalid_choice';
  return (
    <p id={id} className="field-error">
      {t(`errors.${key}`)}
    </p>
  );
}

/** The form-level answer of a back-office action: a refusal as a refusal, anything else as unexpected. */
export function FormError({ code }: { code?: string }) {
  const t = useTranslations('Admin');
  if (!code) return null;
  return (
    <p className="field-error" role="alert" data-testid="admin-form-error">
      {t(`errors.${adminFormErrorKey(code)}`)}
    </p>
  );
}
