import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { readOutboxAs } from '@/features/mail/outbox';
import { MAILBOX_PATH } from '@/features/mail/route';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { mailConfig } from '@/server/site-links';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Admin', 'mailboxTitle');

type Props = { params: Promise<{ locale: Locale }> };

/**
 * policy: P7.2 — the outbox of the offline demo (no SMTP_URL), for admins only: mail holds links
 * to people's data, so it is never public. With an SMTP server it says where mail goes instead.
 */
export default async function MailboxPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  const user = await guardPage(locale, MAILBOX_PATH, 'admin');
  const t = await getTranslations('Admin');
  const format = await getFormatter();
  const { route, messages } = await readOutboxAs(db, user, mailConfig());
  return (
    <StaffShell user={user} path={MAILBOX_PATH}>
      <h1>{t('mailboxTitle')}</h1>
      <p className="notice" data-testid="mail-route">
        {route.kind === 'smtp' ? t('mailboxSmtp', { host: route.host }) : t('mailboxOutbox')}
      </p>
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
