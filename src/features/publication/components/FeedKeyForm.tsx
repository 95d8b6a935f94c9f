'use client';

import { useActionState } from 'react';
import { useTranslations } from 'next-intl';
import { FieldError, FormError } from '@/features/admin/components/FieldError';
import type { FeedKeyState } from '../actions';

type Action = (s: FeedKeyState, f: FormData) => Promise<FeedKeyState>;

/** Issues a feed key; the key appears here once, with how to read the feed with it. */
export function FeedKeyForm({ action, feedUrl }: { action: Action; feedUrl: string }) {
  const t = useTranslations('Admin');
  const [state, formAction, pending] = useActionState<FeedKeyState, FormData>(action, {});
  return (
    <form action={formAction} className="admin-form" noValidate data-testid="issue-feed-key">
      {state.issued ? (
        <div role="status" className="card issued-key">
          <p>{t('feedKeyIssued', { label: state.issued.label })}</p>
          <p>
            <code data-testid="feed-key">{state.issued.key}</code>
          </p>
          <p className="field-hint">{t('feedKeyUsage')}</p>
          <pre className="snippet">{`curl -H "Authorization: Bearer ${state.issued.key}" ${feedUrl}`}</pre>
        </div>
      ) : null}
      <FormError code={state.formError} />
      <div className="field">
        <label htmlFor="feed-key-label" className="field-label">{t('feedKeyLabel')}</label>
        <p className="field-hint" id="feed-key-label-hint">{t('feedKeyLabelHint')}</p>
        <FieldError id="feed-key-label-error" code={state.fieldErrors?.label} />
        <input
          id="feed-key-label"
          name="label"
          type="text"
          maxLength={80}
          defaultValue={state.ok ? '' : state.values?.label}
          key={state.issued?.key ?? 'new'}
          aria-describedby="feed-key-label-hint"
          aria-invalid={state.fieldErrors?.label ? true : undefined}
        />
      </div>
      <button type="submit" className="button button-primary" disabled={pending}>{t('issueFeedKey')}</button>
    </form>
  );
}
