'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { BuilderState } from '../actions';
import { BuilderError } from './BuilderError';

type Action = (s: BuilderState, f: FormData) => Promise<BuilderState>;

function Field({ name, label, hint, type = 'text', values, errors, inputMode }: { name: string; label: string; hint?: string; type?: string; values: Record<string, string>; errors: Record<string, string>; inputMode?: 'numeric' }) {
  const id = `fieldwork-${name}`;
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">{label}</label>
      {hint ? <p id={`${id}-hint`} className="field-hint">{hint}</p> : null}
      <BuilderError code={errors[name]} testId={`error-${name}`} />
      <input id={id} name={name} type={type} inputMode={inputMode} defaultValue={values[name]} aria-describedby={hint ? `${id}-hint` : undefined} aria-invalid={errors[name] ? true : undefined} />
    </div>
  );
}

/** Schedule (in the app's time zone), response cap and panel return links: one form. */
export function FieldworkSettingsForm({ action, initial, timeZone, hiddenKeys }: { action: Action; initial: Record<string, string>; timeZone: string; hiddenKeys: string[] }) {
  const t = useTranslations('Fieldwork');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="survey-form builder-form" noValidate data-testid="fieldwork-settings">
      {state.ok ? <p role="status">{t('saved')}</p> : null}
      <BuilderError code={state.formError} />
      <h2>{t('scheduleTitle')}</h2>
      <p className="field-hint">{t('scheduleHint', { timeZone })}</p>
      <Field name="opensAt" label={t('opensAt')} type="datetime-local" values={v} errors={e} />
      <Field name="closesAt" label={t('closesAt')} type="datetime-local" values={v} errors={e} />
      <Field name="maxResponses" label={t('maxResponses')} hint={t('maxResponsesHint')} inputMode="numeric" values={v} errors={e} />
      <h2>{t('returnTitle')}</h2>
      <p className="field-hint">{t('returnHint')}</p>
      <Field name="returnUrlComplete" label={t('returnComplete')} type="url" values={v} errors={e} />
      <Field name="returnUrlScreenedOut" label={t('returnScreenedOut')} type="url" values={v} errors={e} />
      <Field name="returnUrlQuotaFull" label={t('returnQuotaFull')} type="url" values={v} errors={e} />
      <div className="field">
        <label htmlFor="fieldwork-panelIdKey" className="field-label">{t('panelIdKey')}</label>
        <p id="fieldwork-panelIdKey-hint" className="field-hint">{t('panelIdKeyHint')}</p>
        <BuilderError code={e.panelIdKey} testId="error-panelIdKey" />
        <select id="fieldwork-panelIdKey" name="panelIdKey" defaultValue={v.panelIdKey ?? ''} aria-describedby="fieldwork-panelIdKey-hint">
          <option value="">{t('noPanelId')}</option>
          {hiddenKeys.map((key) => (
            <option key={key} value={key}>{key}</option>
          ))}
        </select>
      </div>
      <h2>{t('invitationsTitle')}</h2>
      <label className="choice">
        <input type="checkbox" name="inviteOnly" defaultChecked={v.inviteOnly === 'on'} />
        <span>{t('inviteOnly')}</span>
      </label>
      <Field name="maxReminders" label={t('maxReminders')} inputMode="numeric" values={v} errors={e} />
      <Field name="reminderAfterDays" label={t('reminderAfterDays')} hint={t('reminderAfterDaysHint')} inputMode="numeric" values={v} errors={e} />
      <button type="submit" className="button button-primary" disabled={pending}>{t('save')}</button>
    </form>
  );
}

export function AddQuotaForm({ action }: { action: Action }) {
  const t = useTranslations('Fieldwork');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? {};
  const e = state.fieldErrors ?? {};
  return (
    <form action={formAction} className="survey-form builder-form" noValidate data-testid="add-quota">
      <h3>{t('addQuota')}</h3>
      <BuilderError code={state.formError} />
      <Field name="name" label={t('quotaName')} values={v} errors={e} />
      <div className="field">
        <label htmlFor="quota-condition" className="field-label">{t('quotaCondition')}</label>
        <p id="quota-condition-hint" className="field-hint">{t('quotaConditionHint')}</p>
        <BuilderError code={e.condition} testId="error-condition" />
        <textarea id="quota-condition" name="condition" rows={2} defaultValue={v.condition} aria-describedby="quota-condition-hint" spellCheck={false} className="logic-input" />
      </div>
      <Field name="limit" label={t('quotaLimit')} inputMode="numeric" values={v} errors={e} />
      <button type="submit" className="button button-secondary" disabled={pending}>{t('addQuota')}</button>
    </form>
  );
}

/** A quota's limit, changed in place in its table row. */
export function QuotaLimitForm({ action, limit, label }: { action: Action; limit: number; label: string }) {
  const t = useTranslations('Fieldwork');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="inline-form" noValidate>
      <BuilderError code={state.fieldErrors?.limit ?? state.formError} />
      <input name="limit" inputMode="numeric" size={6} defaultValue={state.values?.limit ?? String(limit)} aria-label={label} />
      <button type="submit" className="link-button" disabled={pending}>{t('saveLimit')}</button>
      {state.ok ? <span role="status"> {t('saved')}</span> : null}
    </form>
  );
}
