'use client';

import { useActionState, type ReactNode } from 'react';
import { useTranslations } from 'next-intl';
import type { DpoFormState } from '../actions';

type Action = (s: DpoFormState, f: FormData) => Promise<DpoFormState>;

/** What an action answered: a status line, or a localized error (never a stack trace). */
function Outcome({ state }: { state: DpoFormState }) {
  const t = useTranslations('Dpo');
  if (state.ok) return <p role="status" className="form-ok">{t(`ok.${state.ok as 'rectified'}`)}</p>;
  if (state.formError) return <p role="alert" className="field-error" data-testid="dpo-error">{t(`errors.${state.formError as 'unexpected'}`)}</p>;
  return null;
}

function FieldError({ code }: { code?: string }) {
  const t = useTranslations('Dpo');
  return code ? <p className="field-error">{t(`errors.${code as 'unexpected'}`)}</p> : null;
}

export function SearchForm({ action }: { action: Action }) {
  const t = useTranslations('Dpo');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  return (
    <form action={formAction} className="survey-form admin-form" noValidate data-testid="subject-search" key={JSON.stringify(v)}>
      <h2>{t('findTitle')}</h2>
      <Outcome state={state} />
      <div className="field">
        <label htmlFor="search-kind" className="field-label">{t('findBy')}</label>
        <select id="search-kind" name="kind" defaultValue={v.kind ?? 'email'}>
          {(['email', 'phone', 'respondent', 'consent', 'response'] as const).map((k) => (
            <option key={k} value={k}>{t(`kinds.${k}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="search-value" className="field-label">{t('findValue')}</label>
        <FieldError code={state.fieldErrors?.value} />
        <input id="search-value" name="value" type="text" autoComplete="off" defaultValue={v.value} />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('find')}</button>
    </form>
  );
}

/** One button that runs one action on the subject or a request, with its answer next to it. */
export function ActionButton({ action, label, danger = false, testId, children }: { action: Action; label: string; danger?: boolean; testId?: string; children?: ReactNode }) {
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="inline-action" data-testid={testId}>
      {children}
      <button type="submit" className={danger ? 'button button-danger' : 'button button-secondary'} disabled={pending}>{label}</button>
      <Outcome state={state} />
    </form>
  );
}

export function RectifyForm({ action, current, label }: { action: Action; current: string; label: string }) {
  const t = useTranslations('Dpo');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="inline-action" noValidate>
      <label>
        <span className="visually-hidden">{label}</span>
        <input key={current} name="value" type="text" defaultValue={state.values?.value ?? current} className="input-short" />
      </label>
      <button type="submit" className="link-button" disabled={pending}>{t('rectify')}</button>
      <Outcome state={state} />
    </form>
  );
}

export function EraseForm({ action }: { action: Action }) {
  const t = useTranslations('Dpo');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="survey-form admin-form" data-testid="erase-form">
      <Outcome state={state} />
      <label className="choice">
        <input type="checkbox" name="confirm" value="yes" />
        <span>{t('eraseConfirmLabel')}</span>
      </label>
      <button type="submit" className="button button-danger" disabled={pending}>{t('eraseNow')}</button>
    </form>
  );
}

export function RegisterRequestForm({ action, today }: { action: Action; today: string }) {
  const t = useTranslations('Dpo');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="survey-form admin-form" noValidate data-testid="register-request" key={JSON.stringify(v)}>
      <Outcome state={state} />
      <div className="field">
        <label htmlFor="req-type" className="field-label">{t('type')}</label>
        <FieldError code={e.type} />
        <select id="req-type" name="type" defaultValue={v.type ?? 'access'}>
          {(['access', 'portability', 'rectification', 'erasure', 'restriction', 'objection', 'withdrawal', 'complaint'] as const).map((k) => (
            <option key={k} value={k}>{t(`types.${k}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="req-channel" className="field-label">{t('channel')}</label>
        <select id="req-channel" name="channel" defaultValue={v.channel ?? 'email'}>
          {(['email', 'phone', 'post', 'in_person', 'self_service'] as const).map((k) => (
            <option key={k} value={k}>{t(`channels.${k}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="req-received" className="field-label">{t('received')}</label>
        <FieldError code={e.receivedAt} />
        <input id="req-received" name="receivedAt" type="date" max={today} defaultValue={v.receivedAt ?? today} />
      </div>
      <fieldset className="field">
        <legend className="field-label">{t('subjectOptional')}</legend>
        <select name="subjectKind" aria-label={t('findBy')} defaultValue={v.subjectKind ?? 'email'}>
          {(['email', 'phone', 'respondent', 'consent', 'response'] as const).map((k) => (
            <option key={k} value={k}>{t(`kinds.${k}`)}</option>
          ))}
        </select>{' '}
        <input name="subjectValue" type="text" aria-label={t('findValue')} defaultValue={v.subjectValue} />
      </fieldset>
      <div className="field">
        <label htmlFor="req-contact" className="field-label">{t('contactEmail')}</label>
        <FieldError code={e.contactEmail} />
        <input id="req-contact" name="contactEmail" type="email" defaultValue={v.contactEmail} />
      </div>
      <div className="field">
        <label htmlFor="req-locale" className="field-label">{t('answerIn')}</label>
        <select id="req-locale" name="locale" defaultValue={v.locale ?? 'az'}>
          <option value="az">Azərbaycanca</option>
          <option value="en">English</option>
        </select>
      </div>
      <div className="field">
        <label htmlFor="req-details" className="field-label">{t('details')}</label>
        <FieldError code={e.details} />
        <textarea id="req-details" name="details" rows={3} defaultValue={v.details} />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('register')}</button>
    </form>
  );
}

export function ExtendForm({ action, min, max }: { action: Action; min: string; max: string }) {
  const t = useTranslations('Dpo');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  return (
    <form action={formAction} className="survey-form admin-form" noValidate data-testid="extend-request" key={JSON.stringify(v)}>
      <h2>{t('extendTitle')}</h2>
      <p className="field-hint">{t('extendHint')}</p>
      <Outcome state={state} />
      <div className="field">
        <label htmlFor="ext-due" className="field-label">{t('newDue')}</label>
        <FieldError code={state.fieldErrors?.dueAt} />
        <input id="ext-due" name="dueAt" type="date" min={min} max={max} defaultValue={v.dueAt} />
      </div>
      <div className="field">
        <label htmlFor="ext-reason" className="field-label">{t('extensionReason')}</label>
        <textarea id="ext-reason" name="reason" rows={2} defaultValue={v.reason} />
      </div>
      <button type="submit" className="button button-secondary" disabled={pending}>{t('extend')}</button>
    </form>
  );
}

/** `current` is the request's status now: it is not offered again, and nothing is chosen for the DPO. */
export function StatusForm({ action, current }: { action: Action; current: string }) {
  const t = useTranslations('Dpo');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  return (
    <form action={formAction} className="survey-form admin-form" noValidate data-testid="request-status" key={JSON.stringify(v)}>
      <h2>{t('statusTitle')}</h2>
      <Outcome state={state} />
      <div className="field">
        <label htmlFor="st-status" className="field-label">{t('status')}</label>
        <FieldError code={state.fieldErrors?.status} />
        {/* Nothing is preselected: closing a request (completed, refused) is a deliberate choice. */}
        <select id="st-status" name="status" defaultValue={v.status ?? ''} aria-invalid={state.fieldErrors?.status ? true : undefined}>
          <option value="" disabled>{t('chooseStatus')}</option>
          {(['in_progress', 'completed', 'refused'] as const).filter((k) => k !== current).map((k) => (
            <option key={k} value={k}>{t(`statuses.${k}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="st-outcome" className="field-label">{t('outcome')}</label>
        <textarea id="st-outcome" name="outcome" rows={3} defaultValue={v.outcome} />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('saveStatus')}</button>
    </form>
  );
}
