'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { createStaff, type AdminFormState } from '../actions';
import { FieldError, FormError } from './FieldError';

export function StaffForm({ clients }: { clients: { id: string; name: string }[] }) {
  const t = useTranslations('Admin');
  const ts = useTranslations('Staff');
  const [state, action, pending] = useActionState<AdminFormState, FormData>(createStaff, {});
  const v = state.values ?? {};
  return (
    <form action={action} className="survey-form admin-form" noValidate>
      <h2>{t('createUser')}</h2>
      {state.created ? (
        <p role="status" data-testid="staff-created" className="reference">
          {t('userCreated', state.created)}
        </p>
      ) : null}
      <FormError code={state.formError} />
      <div className="field">
        <label htmlFor="staff-email" className="field-label">{t('userEmail')}</label>
        <FieldError id="staff-email-error" code={state.fieldErrors?.email} />
        <input id="staff-email" name="email" type="email" defaultValue={v.email} />
      </div>
      <div className="field">
        <label htmlFor="staff-name" className="field-label">{t('userName')}</label>
        <FieldError id="staff-name-error" code={state.fieldErrors?.name} />
        <input id="staff-name" name="name" type="text" defaultValue={v.name} />
      </div>
      <div className="field">
        <label htmlFor="staff-role" className="field-label">{t('userRole')}</label>
        <FieldError id="staff-role-error" code={state.fieldErrors?.role} />
        <select id="staff-role" name="role" defaultValue={v.role ?? 'analyst'}>
          {(['admin', 'analyst', 'dpo'] as const).map((r) => (
            <option key={r} value={r}>{ts(`role.${r}`)}</option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="staff-client" className="field-label">{t('userClient')}</label>
        <FieldError id="staff-client-error" code={state.fieldErrors?.clientId} />
        <select id="staff-client" name="clientId" defaultValue={v.clientId ?? ''}>
          <option value="">{t('noClient')}</option>
          {clients.map((c) => (
            <option key={c.id} value={c.id}>{c.name}</option>
          ))}
        </select>
      </div>
      <input type="hidden" name="locale" value="az" />
      <button type="submit" className="button button-primary" disabled={pending}>{t('createUser')}</button>
    </form>
  );
}
