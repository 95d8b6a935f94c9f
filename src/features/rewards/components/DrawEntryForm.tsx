'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { DrawEntryState } from '../actions';

/** policy: P5.2 — the prize draw, entered only by ticking the (unticked) box and sending. */
export function DrawEntryForm({ action }: { action: (s: DrawEntryState, f: FormData) => Promise<DrawEntryState> }) {
  const t = useTranslations('Rewards');
  const [state, formAction, pending] = useActionState(action, {});
  if (state.outcome === 'entered') return <p role="status" data-testid="draw-entered">{t('drawEntered')}</p>;
  if (state.outcome === 'no_email') return <p role="status">{t('drawNeedsEmail')}</p>;
  if (state.outcome === 'closed') return <p role="status">{t('drawClosed')}</p>;
  return (
    <form action={formAction} className="survey-form" data-testid="draw-entry">
      <h2 className="section-title">{t('drawTitle')}</h2>
      <p className="field-hint">{t('drawExplained')}</p>
      {state.outcome === 'not_ticked' ? <p className="field-error" role="alert">{t('drawNotTicked')}</p> : null}
      {state.formError ? (
        <p className="field-error" role="alert">
          {t(`errors.${(['rate_limited', 'busy', 'unavailable', 'invalid_characters'].includes(state.formError) ? state.formError : 'unexpected') as 'unexpected'}`)}
        </p>
      ) : null}
      <label className="choice">
        <input type="checkbox" name="enter" value="yes" />
        <span>{t('drawConsent')}</span>
      </label>
      <p>
        <button type="submit" className="button button-primary" disabled={pending}>{t('drawEnter')}</button>
      </p>
    </form>
  );
}
