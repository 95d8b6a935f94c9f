'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { ActionState } from '@/server/action';
import type { CodesState } from '../actions';

const KNOWN = ['gone', 'no_draw', 'already_drawn', 'no_entries', 'not_a_partner_reward', 'invalid', 'invalid_code', 'required', 'too_long', 'forbidden', 'busy', 'unavailable', 'invalid_characters'] as const;

function Problem({ state }: { state: ActionState }) {
  const t = useTranslations('Rewards');
  const code = state.formError ?? Object.values(state.fieldErrors ?? {})[0];
  if (!code) return null;
  const key = (KNOWN as readonly string[]).includes(code) ? (code as (typeof KNOWN)[number]) : 'unexpected';
  return (
    <p className="field-error" role="alert" data-testid="rewards-error">
      {t(`adminErrors.${key}`)}
    </p>
  );
}

/** policy: P5.1 — voucher codes, one per line; owed rewards get theirs at once. */
export function VoucherCodesForm({ action }: { action: (s: CodesState, f: FormData) => Promise<CodesState> }) {
  const t = useTranslations('Rewards');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="admin-form" noValidate data-testid="voucher-codes">
      {state.loaded ? <p role="status">{t('codesLoaded', state.loaded)}</p> : null}
      <Problem state={state} />
      <div className="field">
        <label htmlFor="voucher-codes" className="field-label">{t('codesLabel')}</label>
        <p className="field-hint" id="voucher-codes-hint">{t('codesHint')}</p>
        <textarea id="voucher-codes" name="codes" rows={5} aria-describedby="voucher-codes-hint" defaultValue={state.ok ? '' : state.values?.codes} key={state.ok ? JSON.stringify(state.loaded) : 'codes'} />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('loadCodes')}</button>
    </form>
  );
}

/** policy: P5.2 — the survey's one draw. */
export function DrawForm({ action }: { action: (s: ActionState, f: FormData) => Promise<ActionState> }) {
  const t = useTranslations('Rewards');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="admin-form" noValidate data-testid="run-draw">
      <Problem state={state} />
      <div className="field">
        <label htmlFor="draw-winners" className="field-label">{t('winnersLabel')}</label>
        <input id="draw-winners" name="winners" type="text" inputMode="numeric" className="input-short" defaultValue={state.values?.winners ?? '1'} />
      </div>
      <button type="submit" className="button button-danger" disabled={pending}>{t('runDraw')}</button>
    </form>
  );
}
