'use client';

import { useTranslations } from 'next-intl';
import { Link } from '@/i18n/navigation';

/**
 * An unexpected error while rendering (a database outage, a bug): a localized message and the
 * reference under which the server logged it (instrumentation.ts) — never the error itself.
 */
export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  const t = useTranslations('ErrorPage');
  const te = useTranslations('Errors');
  return (
    <main id="main" className="site-main">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
      {error.digest ? (
        <p className="reference" data-testid="error-reference">
          {te('reference', { id: error.digest })}
        </p>
      ) : null}
      <p className="form-actions">
        <button type="button" className="button button-primary" onClick={reset}>
          {t('retry')}
        </button>
        <Link href="/" className="button button-secondary">
          {t('home')}
        </Link>
      </p>
    </main>
  );
}
