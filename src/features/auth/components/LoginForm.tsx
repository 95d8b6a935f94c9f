'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { LoginState } from '../actions';

export function LoginForm({ action, next }: { action: (state: LoginState, formData: FormData) => Promise<LoginState>; next?: string }) {
  const t = useTranslations('Staff');
  const te = useTranslations('Errors');
  const [state, formAction, pending] = useActionState(action, {});
  // An unexpected failure comes back from the action wrapper as `formError` with its reference.
  const shown = state.formError === 'invalid_characters' || state.formError === 'busy' || state.formError === 'unavailable' ? state.formError : undefined;
  const error = state.error ?? shown ?? (state.formError ? 'unexpected' : undefined);
  return (
    <form action={formAction} className="survey-form login-form" noValidate>
      {error ? (
        <div className="error-summary" data-testid="login-error" tabIndex={-1}>
          <p>{t(error)}</p>
          {state.requestId ? <p className="reference">{te('reference', { id: state.requestId })}</p> : null}
        </div>
      ) : null}
      {next ? <input type="hidden" name="next" value={next} /> : null}
      <div className="field">
        <label htmlFor="login-email" className="field-label">
          {t('email')}
        </label>
        <input id="login-email" name="email" type="email" autoComplete="username" required defaultValue={state.email ?? state.values?.email ?? ''} />
      </div>
      <div className="field">
        <label htmlFor="login-password" className="field-label">
          {t('password')}
        </label>
        <input id="login-password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {t('signIn')}
      </button>
    </form>
  );
}
