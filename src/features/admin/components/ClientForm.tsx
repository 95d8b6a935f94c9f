'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { createClient, type AdminFormState } from '../actions';
import { FieldError } from './FieldError';

export function ClientForm() {
  const t = useTranslations('Admin');
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createClient, {});
  const v = state.values ?? {};
  return (
    <form action={action} className="survey-form admin-form" noValidate>
      <h2>{t('createClient')}</h2>
      {state.ok ? <p role="status">{t('clientCreated')}</p> : null}
      {state.formError ? <p className="field-error">{t(`errors.${state.formError === 'forbidden' ? 'unexpected' : state.formError}`)}</p> : null}
      <div className="field">
        <label htmlFor="client-name" className="field-label">{t('clientName')}</label>
        <FieldError id="client-name-error" code={state.fieldErrors?.name} />
        <input id="client-name" name="name" type="text" defaultValue={v.name} aria-invalid={state.fieldErrors?.name ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="client-slug" className="field-label">{t('clientSlug')}</label>
        <FieldError id="client-slug-error" code={state.fieldErrors?.slug} />
        <input id="client-slug" name="slug" type="text" defaultValue={v.slug} aria-invalid={state.fieldErrors?.slug ? true : undefined} />
      </div>
      <div className="field">
        <label htmlFor="client-region" className="field-label">{t('region')}</label>
        <FieldError id="client-region-error" code={state.fieldErrors?.storageRegion} />
        <select id="client-region" name="storageRegion" defaultValue={v.storageRegion ?? 'EU'}>
          {(['EU', 'UK', 'US', 'JP'] as const).map((r) => (
            <option key={r} value={r}>{t(`regions.${r}`)}</option>
          ))}
        </select>
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('createClient')}</button>
    </form>
  );
}
