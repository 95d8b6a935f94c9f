import { getTranslations } from 'next-intl/server';

/**
 * policy: P3.3 — the comments path may be framed by any site, also when the survey is unknown or a
 * draft: this answer has no banner, no form and no link that acts (the site-wide 404 has the
 * consent banner, a form a framing site could trick a click on).
 */
export default async function CommentsNotFound() {
  const t = await getTranslations('NotFound');
  return (
    <main className="embed" id="main">
      <h1>{t('title')}</h1>
      <p>{t('body')}</p>
    </main>
  );
}
