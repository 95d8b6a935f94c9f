import { getTranslations } from 'next-intl/server';

/** Seconds the ending page is shown before the browser goes back to the panel. */
export const RETURN_DELAY_SECONDS = 5;

/**
 * The way back to the panel the respondent came from (survey/return-links.ts): a link, and a
 * refresh that follows it by itself — with or without JavaScript, and without a cross-site form
 * redirect the page's Content-Security-Policy (form-action) would refuse. React hoists the meta
 * element into the head. `automatic` off leaves only the link (a page with more to read).
 */
export async function ReturnToPanel({ href, automatic = true }: { href: string; automatic?: boolean }) {
  const t = await getTranslations('Ended');
  return (
    <>
      {automatic ? <meta httpEquiv="refresh" content={`${RETURN_DELAY_SECONDS};url=${href}`} /> : null}
      {automatic ? <p>{t('returning')}</p> : null}
      <p>
        <a className="button button-primary" href={href} data-testid="return-to-panel" rel="noreferrer">
          {t('returnLink')}
        </a>
      </p>
    </>
  );
}
