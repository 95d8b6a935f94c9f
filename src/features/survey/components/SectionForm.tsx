'use client';

import { startTransition, useActionState, useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';
import type { SectionFormState } from '../form-state';
import { publishFieldOf } from '../field-names';
import { REWARD_NOTICE_ID, type FieldView } from './field-view';
import { QuestionField } from './QuestionField';

const NO_STATE: SectionFormState = {};

/** One section as the form shows it. */
export type SectionView = { id: string; title: string; description: string | null; fields: FieldView[]; isFirst: boolean; isLast: boolean };

type Props = {
  action: (state: SectionFormState, formData: FormData) => Promise<SectionFormState>;
  formId: string;
  /**
   * The section the respondent's draft is on, with `current` its id. `current: null` means the
   * draft could not be read (the database is unavailable): `sections` then holds every section,
   * and the form shows the one a failed submission came from — a form posted without JavaScript
   * comes back with what was typed — or, with nothing to show, that the service is unavailable.
   */
  sections: SectionView[];
  current: string | null;
  /** The logged reference of the outage, shown when the form cannot be. */
  unavailableReference?: string;
  saved: Record<string, unknown>;
  stopHref: string;
  /** Consent-gated hidden fields (DeviceHints), present only when consent grants them. */
  deviceHints?: ReactNode;
};

/**
 * One section of a survey. Works without JavaScript (a plain POST to the server action); with
 * JavaScript it submits in place. After errors every typed value is shown again.
 *
 * The page renders it unkeyed at the same place in every mode: a form posted without JavaScript
 * finds its state again by that place (React matches the state to the component's position), also
 * when the page comes back degraded during an outage.
 */
export function SectionForm({ action, formId, sections, current, unavailableReference, saved, stopHref, deviceHints }: Props) {
  const t = useTranslations('Survey');
  const te = useTranslations('Errors');
  const [actionState, formAction, pending] = useActionState(action, {});
  // With JavaScript the form stays mounted from one section to the next: a state sent from an
  // earlier section (its errors, its values) is not shown on the next one, nor when coming back.
  const [shownFor, setShownFor] = useState({ current, stale: null as SectionFormState | null });
  if (shownFor.current !== current) setShownFor({ current, stale: actionState });
  // And a state sent from another section (a page resent after going back, without JavaScript,
  // comes back with the section the draft is on) is not shown on this one.
  const foreign = current !== null && actionState.sectionId !== undefined && actionState.sectionId !== current;
  const state = actionState === shownFor.stale || foreign ? NO_STATE : actionState;
  const sectionId = current ?? state.sectionId;
  const section = sections.find((s) => s.id === sectionId);
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

  if (!section) {
    return (
      <div className="error-summary" data-testid="survey-unavailable-now">
        <p>{t('unavailableNow')}</p>
        {unavailableReference ? <p className="reference">{te('reference', { id: unavailableReference })}</p> : null}
      </div>
    );
  }
  const { isFirst, isLast } = section;
  // Without the draft (current: null) the path is unknown: a question asked only on some paths is
  // shown when the failed post had it, so what was typed comes back and nothing else is asked.
  const fields = current === null ? section.fields.filter((f) => !f.conditional || (state.values !== undefined && f.key in state.values)) : section.fields;

  return (
    <form id={formId} ref={formRef} action={formAction} noValidate className="survey-form" aria-busy={pending}>
      <input type="hidden" name="sectionId" value={section.id} />
      {deviceHints}
      <h2 className="section-title">{section.title}</h2>
      {section.description ? <p className="section-description">{section.description}</p> : null}

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
