import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { attachSubject, extendRequest, sendExportLink, setRequestStatus } from '@/features/dpo/actions';
import { ActionButton, ExtendForm, StatusForm } from '@/features/dpo/components/DpoForms';
import { daysLeft, isClosed, latestExtendedDue } from '@/features/dpo/deadlines';
import { getRequestAs } from '@/features/dpo/requests';
import { requestHandle, subjectPath } from '@/features/dpo/subject-handle';
import { DOWNLOAD_DAYS, MAX_DOWNLOADS } from '@/features/my-data/self-service';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { env } from '@/server/env';
import { addDays, dayOf } from '@/lib/dates';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Dpo', 'requestTitle');

/** Audit actions a request's trail can hold, named for the DPO (unknown ones show their code). */
const HISTORY_ACTIONS = ['request_registered', 'request_subject_attached', 'request_extended', 'request_open', 'request_in_progress', 'request_completed', 'request_refused', 'request_export_link_sent', 'subject_exported', 'publication_revoked'] as const;
function historyLabel(action: string) {
  const key = action.replaceAll('.', '_');
  return HISTORY_ACTIONS.find((k) => k === key);
}

type Props = { params: Promise<{ locale: Locale; requestId: string }> };

/** policy: P7.2 — one request: its deadline, the subject, and each step the DPO takes (all audited). */
export default async function RequestPage({ params }: Props) {
  const { locale, requestId } = await params;
  setRequestLocale(locale);
  const path = `/dpo/requests/${requestId}`;
  const user = await guardPage(locale, path, 'dpo');
  const now = new Date();
  const request = await getRequestAs(db, user, requestId, now);
  if (!request) notFound();
  const t = await getTranslations('Dpo');
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: 'medium' });
  const open = !isClosed(request);
  const exportable = request.type === 'access' || request.type === 'portability';
  const isoDay = (d: Date) => dayOf(d, env.APP_TIME_ZONE);
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href="/dpo">← {t('title')}</Link>
      </p>
      <h1>
        {t('requestTitle')}: {t(`types.${request.type}`)}
      </h1>
      <dl className="consent-status" data-testid="request-facts">
        <div><dt>{t('status')}</dt><dd data-testid="request-status-value">{t(`statuses.${request.status}`)}</dd></div>
        <div><dt>{t('received')}</dt><dd>{day(request.receivedAt)} · {t(`channels.${request.channel}`)}</dd></div>
        <div>
          <dt>{t('due')}</dt>
          <dd>
            {day(request.due)}
            {request.overdue ? <strong className="badge badge-danger"> {t('overdueBy', { days: -daysLeft(request, now) })}</strong> : open ? ` (${t('daysLeft', { days: daysLeft(request, now) })})` : ''}
          </dd>
        </div>
        {request.extendedDueAt ? <div><dt>{t('extensionReason')}</dt><dd>{t('extendedFrom', { date: day(request.dueAt) })}: {request.extensionReason}</dd></div> : null}
        <div><dt>{t('contactEmail')}</dt><dd>{request.contactEmail ?? '—'}</dd></div>
        <div><dt>{t('handler')}</dt><dd>{request.handler ? `${request.handler.name} <${request.handler.email}>` : '—'}</dd></div>
        {request.details ? <div><dt>{t('details')}</dt><dd className="pre-wrap">{request.details}</dd></div> : null}
        {request.outcome ? <div><dt>{t('outcome')}</dt><dd className="pre-wrap" data-testid="request-outcome">{request.outcome}</dd></div> : null}
      </dl>

      <h2>{t('subjectTitle')}</h2>
      {request.respondentIds.length ? (
        <p>
          <Link href={subjectPath(requestHandle(request.id))} data-testid="request-subject">{t('openSubject', { count: request.respondentIds.length })}</Link>
        </p>
      ) : (
        <p>{t('noSubjectOnRequest')}</p>
      )}
      {open ? (
        <ActionButton action={attachSubject.bind(null, request.id)} label={request.respondentIds.length ? t('replaceSubject') : t('attachSubject')} testId="attach-subject">
          <select name="kind" aria-label={t('findBy')} defaultValue="email">
            {(['email', 'phone', 'respondent', 'consent', 'response'] as const).map((k) => (
              <option key={k} value={k}>{t(`kinds.${k}`)}</option>
            ))}
          </select>
          <input name="value" type="text" aria-label={t('findValue')} defaultValue={request.contactEmail ?? ''} />
        </ActionButton>
      ) : null}

      {open && exportable ? (
        <section>
          <h2>{t('deliverExport')}</h2>
          <p className="field-hint">{t('deliverExportHint', { days: DOWNLOAD_DAYS, downloads: MAX_DOWNLOADS })}</p>
          {request.exportLinks.length ? (
            <ul>
              {request.exportLinks.map((l) => (
                <li key={l.id}>{t('linkSent', { sent: day(l.createdAt), expires: day(l.expiresAt), downloads: l.downloads })}</li>
              ))}
            </ul>
          ) : null}
          {request.respondentIds.length ? (
            <ActionButton action={sendExportLink.bind(null, request.id)} label={t('sendExportLink')} testId="send-export-link" />
          ) : (
            <p>{t('errors.subject_not_attached')}</p>
          )}
        </section>
      ) : null}

      {open ? (
        <>
          <StatusForm action={setRequestStatus.bind(null, request.id)} current={request.status} />
          <ExtendForm action={extendRequest.bind(null, request.id)} min={addDays(isoDay(request.due), 1)} max={isoDay(latestExtendedDue(request.receivedAt, env.APP_TIME_ZONE))} />
        </>
      ) : null}

      <h2>{t('history')}</h2>
      <ol className="history" data-testid="request-history">
        {request.history.map((e) => {
          const label = historyLabel(e.action);
          const actor = e.actorName ?? (e.actor === 'respondent' ? t('actorRespondent') : t('actorSystem'));
          return (
            <li key={e.id}>
              {format.dateTime(e.at, { dateStyle: 'medium', timeStyle: 'short' })} · {actor} · {label ? t(`historyActions.${label}`) : <code>{e.action}</code>}
            </li>
          );
        })}
      </ol>
    </StaffShell>
  );
}
