import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { maySendAgain, readOutboxAs } from '@/features/mail/outbox';
import { sendMailAgain } from '@/features/admin/actions';
import { TableScroll } from '@/components/TableScroll';
import { MAILBOX_PATH } from '@/features/mail/route';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { mailConfig } from '@/server/site-links';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Admin', 'mailboxTitle');

type Props = { params: Promise<{ locale: Locale }> };

/**
 * policy: P7.2 — the outbox of the offline demo (no SMTP_URL), for admins only: mail holds links
 * to people's data, so it is never public. With an SMTP server it says where mail goes and how
 * delivery goes — what waits, what failed and why, with "Send again" — never what a message says.
 */
export default async function MailboxPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, MAILBOX_PATH, 'admin');
  const t = await getTranslations('Admin');
  const format = await getFormatter();
  const { route, messages, delivery } = await readOutboxAs(db, user, mailConfig());
  return (
    <StaffShell user={user} path={MAILBOX_PATH}>
      <h1>{t('mailboxTitle')}</h1>
      <p className="notice" data-testid="mail-route">
        {route.kind === 'smtp' ? t('mailboxSmtp', { host: route.host }) : t('mailboxOutbox')}
      </p>
      {delivery ? (
        <section aria-labelledby="delivery-title" data-testid="mail-delivery">
          <h2 id="delivery-title">{t('mailboxProblems')}</h2>
          <p data-testid="mail-counts">{t('mailboxCounts', { waiting: delivery.waiting, sent: delivery.sent, failed: delivery.failed })}</p>
          {delivery.problems.length === 0 ? (
            <p>{t('mailboxNoProblems')}</p>
          ) : (
            <TableScroll label={t('mailboxProblems')}>
              <table className="data-table" data-testid="mail-problems">
                <thead>
                  <tr>
                    <th scope="col">{t('mailboxQueued')}</th>
                    <th scope="col">{t('mailTo')}</th>
                    <th scope="col">{t('mailboxSubject')}</th>
                    <th scope="col">{t('mailboxAttempts')}</th>
                    <th scope="col">{t('mailboxLastError')}</th>
                    <th scope="col">{t('mailboxStatus')}</th>
                  </tr>
                </thead>
                <tbody>
                  {delivery.problems.map((m) => (
                    <tr key={m.id}>
                      <td>{format.dateTime(m.createdAt, { dateStyle: 'medium', timeStyle: 'short' })}</td>
                      <td>{m.to}</td>
                      <td>{m.subject}</td>
                      <td>{m.attempts}</td>
                      <td>{m.error}</td>
                      <td>
                        {m.failedAt ? (
                          <>
                            {t('mailboxFailed')}{' '}
                            {maySendAgain(m) ? (
                              <form action={sendMailAgain.bind(null, m.id)} className="inline-form">
                                <button type="submit" className="link-button">
                                  {t('mailboxSendAgain')}
                                </button>
                              </form>
                            ) : (
                              t('mailboxTooOld')
                            )}
                          </>
                        ) : (
                          t('mailboxRetrying', { time: format.dateTime(m.nextAttemptAt, { timeStyle: 'short' }) })
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </TableScroll>
          )}
        </section>
      ) : null}
      {route.kind === 'outbox' && messages.length === 0 ? <p>{t('mailboxEmpty')}</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="card mail" data-testid="mail">
          <p className="field-hint">
            {format.dateTime(m.createdAt, { dateStyle: 'medium', timeStyle: 'medium' })} · {t('mailTo')} <span data-testid="mail-to">{m.to}</span>
          </p>
          <h2>{m.subject}</h2>
          <p className="pre-wrap" data-testid="mail-body">
            {/* Text only: links become anchors, nothing is ever rendered as HTML. */}
            {m.body.split(/(https?:\/\/\S+)/).map((part, i) => (i % 2 ? <a key={i} href={part}>{part}</a> : part))}
          </p>
        </article>
      ))}
    </StaffShell>
  );
}
