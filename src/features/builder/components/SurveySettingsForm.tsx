'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { RETENTION_DAYS } from '@/features/retention/rules';
import type { BuilderState } from '../actions';
import { BuilderError } from './BuilderError';
import { TextPair } from './TextPair';

type Props = {
  action: (s: BuilderState, f: FormData) => Promise<BuilderState>;
  /** Creating: the Clients an admin may choose from (null for an analyst), and the address field. */
  create?: { clients: { id: string; name: string }[] | null };
  /** Editing: the saved values, and whether only retention may still change (published survey). */
  initial?: Record<string, string>;
  retentionOnly?: boolean;
  submitLabel: string;
};

/** A survey's settings — texts in az and en side by side, age gate, retention — to create or edit. */
export function SurveySettingsForm({ action, create, initial = {}, retentionOnly = false, submitLabel }: Props) {
  const t = useTranslations('Builder');
  const [state, formAction, pending] = useActionState(action, {});
  const v = state.values ?? initial;
  const e = state.fieldErrors ?? {};
  const clients = create?.clients ?? null;
  return (
    <form action={formAction} className="survey-form builder-form" noValidate data-testid={create ? 'new-survey' : 'survey-settings'}>
      {state.ok ? <p role="status">{t('added')}</p> : null}
      <BuilderError code={state.formError} />
      {/* A published survey keeps its texts; its settings are shown but only retention can change. */}
      <fieldset disabled={retentionOnly} className="preview">
      {clients ? (
        <div className="field">
          <label htmlFor="survey-client" className="field-label">{t('client')}</label>
          <BuilderError code={e.clientId} />
          <select id="survey-client" name="clientId" defaultValue={v.clientId ?? ''}>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>{c.name}</option>
            ))}
          </select>
        </div>
      ) : null}
      {create ? (
        <div className="field">
          <label htmlFor="survey-slug" className="field-label">{t('slug')}</label>
          <BuilderError code={e.slug} testId="error-slug" />
          <input id="survey-slug" name="slug" type="text" defaultValue={v.slug} />
        </div>
      ) : null}
      <TextPair name="title" label={t('title')} values={v} error={e.title} />
      <TextPair name="description" label={t('description')} values={v} error={e.description} multiline />
      <label className="choice">
        <input type="checkbox" name="ageGate" defaultChecked={v.ageGate === 'on'} />
        <span>{t('ageGate')}</span>
      </label>
      <label className="choice">
        <input type="checkbox" name="acceptsCustomerId" defaultChecked={v.acceptsCustomerId === 'on'} aria-describedby="survey-customer-id-hint" />
        <span>{t('acceptsCustomerId')}</span>
      </label>
      <p className="field-hint" id="survey-customer-id-hint">{t('acceptsCustomerIdHint')}</p>
      <div className="field">
        <label htmlFor="survey-reward-kind" className="field-label">{t('rewardKind')}</label>
        <BuilderError code={e.rewardKind} />
        <select id="survey-reward-kind" name="rewardKind" defaultValue={v.rewardKind ?? ''}>
          {(['', 'voucher', 'loyalty_bonus'] as const).map((k) => (
            <option key={k} value={k}>{t(`rewardKinds.${k || 'none'}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="survey-reward-partner" className="field-label">{t('rewardPartner')}</label>
        <BuilderError code={e.rewardPartner} />
        <input id="survey-reward-partner" name="rewardPartner" type="text" defaultValue={v.rewardPartner} />
      </div>
      <label className="choice">
        <input type="checkbox" name="sweepstakes" defaultChecked={v.sweepstakes === 'on'} />
        <span>{t('sweepstakes')}</span>
      </label>
      <label className="choice">
        <input type="checkbox" name="randomizeSections" defaultChecked={v.randomizeSections === 'on'} aria-describedby="randomize-sections-hint" />
        <span>{t('randomizeSections')}</span>
      </label>
      <p id="randomize-sections-hint" className="field-hint">{t('randomizeSectionsHint')}</p>
      <div className="field">
        <label htmlFor="survey-minimum-age" className="field-label">{t('minimumAge')}</label>
        <BuilderError code={e.minimumAge} />
        <input id="survey-minimum-age" name="minimumAge" type="text" inputMode="numeric" className="input-short" defaultValue={v.minimumAge} />
      </div>
      <div className="field">
        <label htmlFor="survey-country" className="field-label">{t('country')}</label>
        <BuilderError code={e.country} />
        <input id="survey-country" name="country" type="text" className="input-short" defaultValue={v.country} />
      </div>
      </fieldset>
      <fieldset className="field">
        <legend className="field-label">{t('retention')}</legend>
        <p className="field-hint">{t('retentionHint')}</p>
        {(
          [
            ['retentionContactDays', 'contact', RETENTION_DAYS.contact],
            ['retentionDemographicDays', 'demographic', RETENTION_DAYS.demographic],
            ['retentionAnswersDays', 'answers', RETENTION_DAYS.answers],
            ['retentionDraftDays', 'drafts', RETENTION_DAYS.abandonedDrafts],
          ] as const
        ).map(([name, label, max]) => (
          <div key={name} className="field">
            <label htmlFor={`survey-${name}`} className="field-label">{t(`retentionOf.${label}`, { max })}</label>
            <BuilderError code={e[name]} testId={`error-${name}`} />
            <input id={`survey-${name}`} name={name} type="text" inputMode="numeric" className="input-short" defaultValue={v[name]} />
          </div>
        ))}
      </fieldset>
      <button type="submit" className="button button-primary" disabled={pending}>{submitLabel}</button>
    </form>
  );
}
