'use client';

import { useActionState } from 'react';
import { useFormatter, useTranslations } from 'next-intl';
import type { ConfirmState, MyDataState } from '../actions';

function FieldError({ id, code }: { id: string; code?: string }) {
  const t = useTranslations('MyData');
  return code ? <p id={id} className="field-error">{t(`errors.${code as 'required'}`)}</p> : null;
}

/** The form-level errors this page can name; anything else is the generic one. */
const SHOWN = ['not_configured', 'rate_limited', 'invalid_characters', 'busy', 'unavailable'] as const;
const formErrorKey = (code: string) => ((SHOWN as readonly string[]).includes(code) ? (code as (typeof SHOWN)[number]) : 'unexpected');

export function RequestForm({ action }: { action: (s: MyDataState, f: FormData) => Promise<MyDataState> }) {
  const t = useTranslations('MyData');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  if (state.ok) {
    return (
      <div role="status" className="card" data-testid="request-sent">
        <h2>{t('sentTitle')}</h2>
        <p>{t('sentBody')}</p>
      </div>
    );
  }
  return (
    <form action={formAction} className="survey-form" noValidate data-testid="my-data-request" key={JSON.stringify(v)}>
      {state.formError ? <p role="alert" className="field-error" data-testid="my-data-error">{t(`errors.${formErrorKey(state.formError)}`)}</p> : null}
      <fieldset className="field">
        <legend className="field-label">{t('whatTitle')}</legend>
        <FieldError id="type-error" code={e.type} />
        {(['access', 'rectification', 'erasure', 'objection', 'withdrawal'] as const).map((type) => (
          <label key={type} className="choice">
            <input type="radio" name="type" value={type} defaultChecked={(v.type ?? 'access') === type} />
            <span>
              <strong>{t(`types.${type}`)}</strong> — {t(`typeHints.${type}`)}
            </span>
          </label>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor="my-email" className="field-label">{t('email')}</label>
        <p className="field-hint" id="my-email-hint">{t('emailHint')}</p>
        <FieldError id="my-email-error" code={e.email} />
        <input id="my-email" name="email" type="email" autoComplete="email" defaultValue={v.email} aria-describedby="my-email-hint" aria-invalid={e.email ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="my-details" className="field-label">{t('details')}</label>
        <p className="field-hint" id="my-details-hint">{t('detailsHint')}</p>
        <FieldError id="my-details-error" code={e.details} />
        <textarea id="my-details" name="details" rows={3} defaultValue={v.details} aria-describedby="my-details-hint" aria-invalid={e.details ? true : undefined} />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('send')}</button>
    </form>
  );
}

/** `intro` asks for the confirmation; it goes with the button, so it is gone once the request is received. */
export function ConfirmForm({ action, intro }: { action: (s: ConfirmState, f: FormData) => Promise<ConfirmState>; intro: string }) {
  const t = useTranslations('MyData');
  const format = useFormatter();
  const [answer, formAction, pending] = useActionState(action, {});
  const state = answer.outcome;
  if (answer.formError) return <p role="alert" className="field-error">{t('errors.unexpected')}</p>;
  if (state?.status === 'registered') {
    return (
      <div role="status" className="card" data-testid="request-registered">
        <h2>{t('registeredTitle')}</h2>
        <p>{state.completed ? t('doneNow') : t('registeredBody', { date: format.dateTime(new Date(state.dueAt), { dateStyle: 'long' }) })}</p>
        <p className="reference">{t('reference', { id: state.requestId })}</p>
      </div>
    );
  }
  if (state) return <p role="alert" className="field-error">{t(`linkProblems.${state.status}`)}</p>;
  return (
    <form action={formAction}>
      <p data-testid="confirm-intro">{intro}</p>
      <button type="submit" className="button button-primary" disabled={pending}>{t('confirm')}</button>
    </form>
  );
}

export function CompromiseForm({ action }: { action: (s: MyDataState, f: FormData) => Promise<MyDataState> }) {
  const t = useTranslations('MyData');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  if (state.ok) return <p role="status" className="card" data-testid="compromise-sent">{t('compromiseSent')}</p>;
  return (
    <form action={formAction} className="survey-form" noValidate data-testid="compromise-form" key={JSON.stringify(v)}>
      {state.formError ? <p role="alert" className="field-error" data-testid="my-data-error">{t(`errors.${formErrorKey(state.formError)}`)}</p> : null}
      <div className="field">
        <label htmlFor="compromise-description" className="field-label">{t('compromiseWhat')}</label>
        <FieldError id="compromise-description-error" code={e.description} />
        <textarea id="compromise-description" name="description" rows={4} defaultValue={v.description} aria-invalid={e.description ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="compromise-email" className="field-label">{t('compromiseEmail')}</label>
        <FieldError id="compromise-email-error" code={e.contactEmail} />
        <input id="compromise-email" name="contactEmail" type="email" autoComplete="email" defaultValue={v.contactEmail} aria-invalid={e.contactEmail ? true : undefined} />
      </div>
      <button type="submit" className="button button-secondary" disabled={pending}>{t('compromiseSend')}</button>
    </form>
  );
}
