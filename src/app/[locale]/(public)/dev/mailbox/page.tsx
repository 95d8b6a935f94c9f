import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { devMailboxEnabled, listMailbox } from '@/features/mail/outbox';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('MyData', 'mailboxTitle');

type Props = { params: Promise<{ locale: Locale }> };

/**
 * Development mailbox: the outbox as a page, so the self-service demo works without a mail
 * server. It exists only while no SMTP_URL is configured; with one, this page is a 404.
 */
export default async function MailboxPage({ params }: Props) {
  const { locale } = await params;
  setRequestLocale(locale);
  if (!devMailboxEnabled({ smtpUrl: env.SMTP_URL, from: env.MAIL_FROM })) notFound();
  const t = await getTranslations('MyData');
  const format = await getFormatter();
  const messages = await listMailbox(db);
  return (
    <PageShell path="/dev/mailbox" hideBanner>
      <h1>{t('mailboxTitle')}</h1>
      <p className="notice">{t('mailboxWarning')}</p>
      {messages.length === 0 ? <p>{t('mailboxEmpty')}</p> : null}
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
    </PageShell>
  );
}
