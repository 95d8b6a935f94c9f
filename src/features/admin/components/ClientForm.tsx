'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { createClient, type AdminFormState } from '../actions';
import { FieldError, FormError } from './FieldError';

type Action = (s: AdminFormState, f: FormData) => Promise<AdminFormState>;

/** Adds a Client; with `initial` (and its own action) edits one — the slug then stays as it is. */
export function ClientForm({ action = createClient, initial, regionLocked = false }: { action?: Action; initial?: Record<string, string>; regionLocked?: boolean }) {
  const t = useTranslations('Admin');
  const [state, formAction, pending] = useActionState<AdminFormState, FormData>(action, {});
  const v = state.values ?? initial ?? {};
  const editing = initial !== undefined;
  return (
    <form action={formAction} className="survey-form admin-form" noValidate data-testid={editing ? 'edit-client' : 'create-client'}>
      <h2>{editing ? t('editClient') : t('createClient')}</h2>
      {state.ok ? <p role="status">{editing ? t('clientSaved') : t('clientCreated')}</p> : null}
      <FormError code={state.formError} />
      <div className="field">
        <label htmlFor="client-name" className="field-label">{t('clientName')}</label>
        <FieldError id="client-name-error" code={state.fieldErrors?.name} />
        <input id="client-name" name="name" type="text" defaultValue={v.name} aria-invalid={state.fieldErrors?.name ? true : undefined} />
      </div>
      {editing ? null : (
        <div className="field">
          <label htmlFor="client-slug" className="field-label">{t('clientSlug')}</label>
          <FieldError id="client-slug-error" code={state.fieldErrors?.slug} />
          <input id="client-slug" name="slug" type="text" defaultValue={v.slug} aria-invalid={state.fieldErrors?.slug ? true : undefined} />
        </div>
      )}
      <div className="field">
        <label htmlFor="client-region" className="field-label">{t('region')}</label>
        {regionLocked ? <p className="field-hint" id="client-region-hint">{t('regionLocked')}</p> : null}
        <FieldError id="client-region-error" code={state.fieldErrors?.storageRegion} />
        {/* policy: P14.1 — a Client holding data keeps its region: the select is shown, not offered
            (the server refuses a change anyway: region_fixed); the hidden field keeps the value posted. */}
        <select
          id="client-region"
          name="storageRegion"
          defaultValue={v.storageRegion ?? 'EU'}
          disabled={regionLocked}
          aria-describedby={regionLocked ? 'client-region-hint' : undefined}
        >
          {(['EU', 'UK', 'US', 'JP'] as const).map((r) => (
            <option key={r} value={r}>{t(`regions.${r}`)}</option>
          ))}
        </select>
        {regionLocked ? <input type="hidden" name="storageRegion" value={v.storageRegion ?? ''} /> : null}
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{editing ? t('saveClient') : t('createClient')}</button>
    </form>
  );
}

/** Removes an empty Client: the button sits behind a disclosure, so it takes two deliberate clicks. */
export function DeleteClientForm({ action }: { action: Action }) {
  const t = useTranslations('Admin');
  const [state, formAction, pending] = useActionState<AdminFormState, FormData>(action, {});
  return (
    <details className="danger-zone">
      <summary>{t('deleteClient')}</summary>
      <form action={formAction}>
        <p>{t('deleteClientConfirm')}</p>
        <FormError code={state.formError} />
        <button type="submit" className="button button-danger" disabled={pending}>{t('deleteClientYes')}</button>
      </form>
    </details>
  );
}
