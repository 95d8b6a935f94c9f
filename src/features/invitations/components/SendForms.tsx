'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { SendState } from '../actions';
import { BuilderError } from '@/features/builder/components/BuilderError';

/** "Send invitations" / "Send reminders now", with what was sent. */
export function SendForm({ action, kind }: { action: (s: SendState, f: FormData) => Promise<SendState>; kind: 'invite' | 'remind' }) {
  const t = useTranslations('Invitations');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="inline-form" data-testid={`send-${kind}`}>
      <button type="submit" className={kind === 'invite' ? 'button button-primary' : 'button button-secondary'} disabled={pending}>
        {t(kind === 'invite' ? 'sendInvitations' : 'sendReminders')}
      </button>
      <BuilderError code={state.formError} />
      {state.ok ? (
        <p role="status">
          {t('sentCount', { count: state.sent ?? 0 })}
          {state.withoutEmail ? ` ${t('withoutEmail', { count: state.withoutEmail })}` : ''}
          {state.left ? ` ${t('left', { count: state.left })}` : ''}
        </p>
      ) : null}
    </form>
  );
}
