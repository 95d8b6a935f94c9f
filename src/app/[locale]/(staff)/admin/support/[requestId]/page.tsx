import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { closeSupport, replyToSupport } from '@/features/support/actions';
import { SupportReplyForm } from '@/features/support/components/SupportReplyForm';
import { getSupportRequestAs } from '@/features/support/requests';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Admin', 'supportTitle');

type Props = { params: Promise<{ locale: Locale; requestId: string }> };

/** policy: P5.1 — one request for help: what was asked, the answers sent, answer or close it. */
export default async function SupportRequestPage({ params }: Props) {
  const { locale, requestId } = await params;
  setRequestLocale(locale);
  const path = `/admin/support/${requestId}`;
  const user = await guardPage(locale, path, 'admin');
  const t = await getTranslations('Admin');
  const format = await getFormatter();
  const request = /^[A-Za-z0-9_-]{1,64}$/.test(requestId) ? await getSupportRequestAs(db, user, requestId) : null;
  if (!request) notFound();
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href="/admin/support">{t('supportBack')}</Link>
      </p>
      <h1>
        {t(`supportTopics.${request.topic}`)} — {format.dateTime(request.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}
      </h1>
      <p>{t('supportLanguage', { locale: request.locale })}</p>
      <section aria-labelledby="support-message-title" className="card">
        <h2 id="support-message-title">{t('supportMessage')}</h2>
        <p className="preserve-lines" data-testid="support-message">
          {request.message}
        </p>
        <p>
          {t('supportAddress')}: {request.email ?? t('supportNo')}
        </p>
      </section>
      {request.replies.length ? (
        <section aria-labelledby="support-replies-title">
          <h2 id="support-replies-title">{t('supportReplies')}</h2>
          {request.replies.map((r) => (
            <div key={r.id} className="card">
              <p className="field-hint">{format.dateTime(r.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</p>
              <p className="preserve-lines">{r.body}</p>
            </div>
          ))}
        </section>
      ) : null}
      {request.closedAt ? (
        <p data-testid="support-closed">{t('supportClosedOn', { date: format.dateTime(request.closedAt, { dateStyle: 'medium' }) })}</p>
      ) : (
        <>
          {request.email ? <SupportReplyForm action={replyToSupport.bind(null, request.id)} replyKey={crypto.randomUUID()} /> : null}
          <form action={closeSupport.bind(null, request.id)} className="support-close">
            <button type="submit" className="button button-choice">
              {t('supportClose')}
            </button>
          </form>
        </>
      )}
    </StaffShell>
  );
}
