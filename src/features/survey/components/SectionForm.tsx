'use client';

import { startTransition, useActionState, useEffect, useRef, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import type { SectionFormState } from '../form-state';
import { publishFieldOf } from '../field-names';
import { REWARD_NOTICE_ID, type FieldView } from './field-view';
import { QuestionField } from './QuestionField';

type Props = {
  action: (state: SectionFormState, formData: FormData) => Promise<SectionFormState>;
  formId: string;
  sectionId: string;
  title: string;
  description: string | null;
  fields: FieldView[];
  saved: Record<string, unknown>;
  isFirst: boolean;
  isLast: boolean;
  stopHref: string;
  /** Consent-gated hidden fields (DeviceHints), present only when consent grants them. */
  deviceHints?: ReactNode;
};

/**
 * One section of a survey. Works without JavaScript (a plain POST to the server action); with
 * JavaScript it submits in place. After errors every typed value is shown again.
 */
export function SectionForm({ action, formId, sectionId, title, description, fields, saved, isFirst, isLast, stopHref, deviceHints }: Props) {
  const t = useTranslations('Survey');
  const te = useTranslations('Errors');
  const [state, formAction, pending] = useActionState(action, {});
  const summaryRef = useRef<HTMLDivElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const values = state.values ?? saved;
  const errorCount = Object.keys(state.fieldErrors ?? {}).length;

  useEffect(() => {
    if (state.formError || errorCount > 0) summaryRef.current?.focus();
  }, [state, errorCount]);

  // The language links keep what was typed here: save the page (without requiring answers),
  // then the server redirects to the same section in the other language.
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const link = (event.target as Element | null)?.closest?.('a[data-locale-switch]');
      const form = formRef.current;
      if (!link || !form || event.defaultPrevented || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      const formData = new FormData(form);
      formData.set('intent', `locale:${link.getAttribute('data-locale-switch')}`);
      startTransition(() => formAction(formData));
    };
    document.addEventListener('click', onClick, true);
    return () => document.removeEventListener('click', onClick, true);
  }, [formAction]);

  return (
    <form id={formId} ref={formRef} action={formAction} noValidate className="survey-form" aria-busy={pending}>
      <input type="hidden" name="sectionId" value={sectionId} />
      {deviceHints}
      <h2 className="section-title">{title}</h2>
      {description ? <p className="section-description">{description}</p> : null}

      {state.formError || errorCount > 0 ? (
        <div className="error-summary" ref={summaryRef} tabIndex={-1} data-testid="error-summary">
          {state.formError ? <p>{te(state.formError)}</p> : null}
          {state.requestId ? <p className="reference">{te('reference', { id: state.requestId })}</p> : null}
          {errorCount > 0 ? (
            <>
              <p>{t('errorSummary', { count: errorCount })}</p>
              <ul>
                {fields
                  .filter((f) => state.fieldErrors?.[f.key])
                  .map((f) => (
                    <li key={f.key}>
                      <a href={`#q-${f.key}`}>{f.prompt}</a>
                    </li>
                  ))}
              </ul>
            </>
          ) : null}
        </div>
      ) : null}

      {/* policy: P8.1 — said once for the section, not under each optional contact or demographic field. */}
      {fields.some((f) => f.forfeitReward) ? (
        <p id={REWARD_NOTICE_ID} className="field-hint reward-notice" data-testid="reward-notice">
          {t('rewardNotice')}
        </p>
      ) : null}

      {fields.map((field) => (
        <QuestionField
          key={field.key}
          field={field}
          defaultValue={values[field.key]}
          publishChecked={values[publishFieldOf(field.key)] === 'on'}
          error={state.fieldErrors?.[field.key]}
        />
      ))}

      {/* The primary button comes first so that Enter in a text field moves forward, not back;
          CSS shows Back on the left. */}
      <div className="form-actions">
        <button type="submit" name="intent" value={isLast ? 'finish' : 'next'} className="button button-primary" disabled={pending}>
          {pending ? t('saving') : isLast ? t('finish') : t('next')}
        </button>
        {isFirst ? null : (
          <button type="submit" name="intent" value="back" className="button button-secondary" disabled={pending}>
            {t('back')}
          </button>
        )}
      </div>
      <p className="stop-link">
        <Link href={stopHref}>{t('stop')}</Link>
      </p>
    </form>
  );
}
