'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import type { ActionState } from '@/server/action';
import { FieldError, FormError } from '@/features/admin/components/FieldError';

/** policy: P5.1 — an admin's answer to a request for help, mailed only to the address given. */
export function SupportReplyForm({ action, replyKey }: { action: (s: ActionState, f: FormData) => Promise<ActionState>; replyKey: string }) {
  const t = useTranslations('Admin');
  const [state, formAction, pending] = useActionState(action, {});
  return (
    <form action={formAction} className="survey-form admin-form" noValidate key={state.ok ? 'sent' : JSON.stringify(state.values ?? {})}>
      {state.ok ? (
        <p role="status" data-testid="support-reply-sent">
          {t('supportSent')}
        </p>
      ) : null}
      <FormError code={state.formError} />
      {/* One key per rendered form: sent twice, it is one answer (requests.ts). */}
      <input type="hidden" name="replyKey" value={replyKey} />
      <div className="field">
        <label htmlFor="support-reply" className="field-label">
          {t('supportReply')}
        </label>
        <p id="support-reply-hint" className="field-hint">
          {t('supportReplyHint')}
        </p>
        <FieldError id="support-reply-error" code={state.fieldErrors?.body} />
        <textarea id="support-reply" name="body" rows={6} defaultValue={state.ok ? '' : state.values?.body} aria-describedby="support-reply-hint" />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>
        {t('supportSend')}
      </button>
    </form>
  );
}
