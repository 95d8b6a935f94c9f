import { getFormatter, getTranslations } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { db } from '@/server/db';
import { draftTextSchema } from '@/lib/localized-text';
import type { StaffUserDTO } from '@/server/authz';
import { issueFeedKey, revokeFeedKey } from '../actions';
import { embeddableSurveys } from '../feed';
import { listFeedKeysAs } from '../feed-keys';
import { FeedKeyForm } from './FeedKeyForm';

/**
 * policy: P3.3, P5.2 — on an admin's client page: the Client's publication feed keys (issue,
 * revoke) and the address of each survey's embeddable comments page, with the snippet to embed it.
 */
export async function PublicationFeedCard({ user, clientId, locale, siteBase }: { user: StaffUserDTO; clientId: string; locale: Locale; siteBase: string }) {
  const t = await getTranslations('Admin');
  const format = await getFormatter();
  const [keys, surveys] = await Promise.all([listFeedKeysAs(db, user, clientId), embeddableSurveys(db, clientId)]);
  return (
    <section className="card" aria-labelledby="feed-heading" data-testid="publication-feed">
      <h2 id="feed-heading">{t('feedTitle')}</h2>
      <p>{t('feedIntro')}</p>
      {keys.length ? (
        <table className="data-table">
          <thead>
            <tr>
              <th scope="col">{t('feedKeyLabel')}</th>
              <th scope="col">{t('feedKeyIssuedAt')}</th>
              <th scope="col">{t('feedKeyState')}</th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-testid="feed-key-row">
                <td>{k.label}</td>
                <td>{format.dateTime(k.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                <td>
                  {k.revokedAt ? (
                    t('feedKeyRevokedAt', { date: format.dateTime(k.revokedAt, { dateStyle: 'medium', timeStyle: 'short' }) })
                  ) : (
                    <form action={revokeFeedKey.bind(null, k.id)}>
                      {t('feedKeyActive')}{' '}
                      <button type="submit" className="link-button">{t('revokeFeedKey', { label: k.label })}</button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{t('feedNoKeys')}</p>
      )}
      <FeedKeyForm action={issueFeedKey.bind(null, clientId)} feedUrl={`${siteBase}/api/feed`} />
      <h3>{t('embedTitle')}</h3>
      {surveys.length ? (
        <ul>
          {surveys.map((s) => {
            const url = `${siteBase}/${locale}/comments/${s.slug}`;
            return (
              <li key={s.slug}>
                <a href={`/${locale}/comments/${s.slug}`} target="_blank" rel="noopener">
                  {draftTextSchema.parse(s.title)[locale] || s.slug}
                </a>
                <pre className="snippet">{`<iframe src="${url}" title="${t('embedFrameTitle')}" width="100%" height="600" style="border:0"></iframe>`}</pre>
              </li>
            );
          })}
        </ul>
      ) : (
        <p>{t('embedNone')}</p>
      )}
    </section>
  );
}
