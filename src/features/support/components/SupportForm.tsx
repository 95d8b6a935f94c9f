'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { SupportState } from '../actions';
import { SUPPORT_TOPICS } from '../topics';

const SHOWN = ['rate_limited', 'invalid_characters', 'busy', 'unavailable'] as const;
const FIELD_ERRORS = ['required', 'too_short', 'too_long', 'invalid_email', 'invalid_choice'] as const;

/** policy: P5.1 — ask for help: topic, message, and an address only for the answer. Works without JavaScript. */
export function SupportForm({ action }: { action: (s: SupportState, f: FormData) => Promise<SupportState> }) {
  const t = useTranslations('Support');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  const fieldError = (id: string, code?: string) =>
    code ? (
      <p id={id} className="field-error">
        {t(`errors.${(FIELD_ERRORS as readonly string[]).includes(code) ? (code as (typeof FIELD_ERRORS)[number]) : 'required'}`)}
      </p>
    ) : null;
  if (state.ok && state.reference) {
    return (
      <div role="status" className="card" data-testid="support-sent">
        <p>{t('sent', { reference: state.reference })}</p>
        <p>{state.answerable ? t('sentWithEmail') : t('sentWithoutEmail')}</p>
      </div>
    );
  }
  return (
    <form action={formAction} className="survey-form" noValidate data-testid="support-form" key={JSON.stringify(v)}>
      {state.formError ? (
        <p role="alert" className="field-error" data-testid="support-error">
          {t(`errors.${(SHOWN as readonly string[]).includes(state.formError) ? (state.formError as (typeof SHOWN)[number]) : 'unexpected'}`)}
        </p>
      ) : null}
      <fieldset className="field" aria-describedby={e.topic ? 'support-topic-error' : undefined}>
        <legend className="field-label">{t('topic')}</legend>
        {fieldError('support-topic-error', e.topic)}
        {SUPPORT_TOPICS.map((topic) => (
          <p key={topic} className="choice">
            <input type="radio" id={`support-topic-${topic}`} name="topic" value={topic} defaultChecked={v.topic === topic} />
            <label htmlFor={`support-topic-${topic}`}>{t(`topics.${topic}`)}</label>
          </p>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="support-message" className="field-label">
          {t('message')}
        </label>
        <p id="support-message-hint" className="field-hint">
          {t('messageHint')}
        </p>
        {fieldError('support-message-error', e.message)}
        <textarea
          id="support-message"
          name="message"
          rows={6}
          defaultValue={v.message}
          aria-invalid={e.message ? true : undefined}
          aria-describedby={e.message ? 'support-message-hint support-message-error' : 'support-message-hint'}
        />
      </div>
      <div className="field">
        <label htmlFor="support-email" className="field-label">
          {t('email')}
        </label>
        <p id="support-email-hint" className="field-hint">
          {t('emailHint')}
        </p>
        {fieldError('support-email-error', e.email)}
        <input
          id="support-email"
          name="email"
          type="email"
          autoComplete="email"
          defaultValue={v.email}
          aria-invalid={e.email ? true : undefined}
          aria-describedby={e.email ? 'support-email-hint support-email-error' : 'support-email-hint'}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {t('send')}
      </button>
    </form>
  );
}
