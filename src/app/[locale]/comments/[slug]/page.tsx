import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { surveyCommentsPage } from '@/features/publication/feed';
import { RATING_MAX } from '@/features/survey/question-types';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { zonedStartOfDay } from '@/lib/dates';

type Props = { params: Promise<{ locale: Locale; slug: string }> };

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { locale } = await params;
  const t = await getTranslations({ locale, namespace: 'Comments' });
  return { title: t('title') };
}

/**
 * policy: P3.3, P5.2 — the comments of one survey whose authors allowed publication, made to be
 * embedded in a Client's site (the proxy lets any site frame this page, and only this one). It has
 * no form, no cookie and no banner: nothing a framing site could make a visitor do. Links open
 * outside the frame.
 */
export default async function CommentsPage({ params }: Props) {
  const { locale, slug } = await params;
  setRequestLocale(locale);
  const page = await surveyCommentsPage(db, slug, env.APP_TIME_ZONE);
  if (!page) notFound();
  const t = await getTranslations('Comments');
  const format = await getFormatter();
  return (
    <main className="embed" id="main">
      <h1>{page.title[locale]}</h1>
      <p className="field-hint">{t('intro')}</p>
      {page.comments.length === 0 ? (
        <p>{t('none')}</p>
      ) : (
        <ul className="comment-list">
          {page.comments.map((c, i) => (
            <li key={i} className="card">
              <blockquote>{c.comment}</blockquote>
              <p className="comment-meta">
                {c.rating !== null ? (
                  <span className="comment-rating" role="img" aria-label={t('rating', { rating: c.rating, max: RATING_MAX })}>
                    {'★'.repeat(c.rating)}
                    {'☆'.repeat(Math.max(0, RATING_MAX - c.rating))}
                  </span>
                ) : null}{' '}
                <time dateTime={c.date}>{format.dateTime(zonedStartOfDay(c.date, env.APP_TIME_ZONE), { dateStyle: 'long', timeZone: env.APP_TIME_ZONE })}</time>
              </p>
            </li>
          ))}
        </ul>
      )}
      <p className="field-hint">
        <a href={`/${locale}/privacy`} target="_blank" rel="noopener">
          {t('about')}
        </a>
      </p>
    </main>
  );
}
