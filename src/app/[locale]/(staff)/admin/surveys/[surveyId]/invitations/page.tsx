import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { sendInvitations } from '@/features/invitations/actions';
import { listInvitationsAs } from '@/features/invitations/invitations';
import { SendForm } from '@/features/invitations/components/SendForms';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Invitations', 'title');

type Props = { params: Promise<{ locale: Locale; surveyId: string }>; searchParams: Promise<Record<string, string | undefined>> };

/** A survey's contact list (issue 13, part 4): upload, send, remind, and each contact's state. */
export default async function InvitationsPage({ params, searchParams }: Props) {
  const { locale, surveyId } = await params;
  const query = await searchParams;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}/invitations`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const list = await listInvitationsAs(db, user, surveyId).catch(() => null);
  if (!list) notFound();
  const t = await getTranslations('Invitations');
  const format = await getFormatter();
  const when = (d: Date | null) => (d ? format.dateTime(d, { dateStyle: 'medium', timeStyle: 'short' }) : '—');
  // Read back from the address: only what the upload can have written there (a line number, a known
  // column or a position, a known code) — never text someone put into a link to this page.
  const knownColumns = ['email', 'phone', 'language', ...list.survey.hiddenKeys];
  const problems = (query.problems ?? '')
    .split(',')
    .map((p) => p.split(':'))
    .filter(([line, column, code]) => /^\d{1,6}$/.test(line ?? '') && (column === '' || knownColumns.includes(column ?? '') || /^#\d{1,3}$/.test(column ?? '')) && CSV_CODES.includes(code ?? ''))
    .slice(0, 20);
  const columns = ['email', 'phone', 'language', ...list.survey.hiddenKeys].join(', ');
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href={list.survey.status === 'draft' ? `/admin/surveys/${surveyId}/edit` : `/admin/surveys/${surveyId}`}>← {list.survey.title[locale] || list.survey.slug}</Link>
      </p>
      <h1>{t('title')}</h1>
      <p className="field-hint">{t('intro', { reminders: list.survey.maxReminders })}</p>
      <p className="field-hint" data-testid="reminder-mode">
        {list.survey.reminderAfterDays ? t('remindersAutomatic', { days: list.survey.reminderAfterDays }) : t('remindersManual')}
      </p>
      {query.added !== undefined ? <p role="status" data-testid="import-result">{t('imported', { added: Number(query.added), listed: Number(query.listed ?? 0) })}</p> : null}
      {query.error ? <p className="field-error" role="alert">{t(`errors.${['too_large', 'no_file', 'survey_closed', 'not_published'].includes(query.error) ? (query.error as 'too_large') : 'unexpected'}`)}</p> : null}
      {problems.length ? (
        <div className="error-summary" role="alert" data-testid="import-problems">
          <p>{t('problemsTitle')}</p>
          <ul>
            {problems.map(([line, column, code], i) => (
              <li key={i}>{t('problem', { line: line!, column: column || '—', problem: t(`csv.${code as 'csv_syntax'}`) })}</li>
            ))}
          </ul>
          {/^\d{1,6}$/.test(query.more ?? '') && Number(query.more) > 0 ? <p>{t('moreProblems', { count: Number(query.more) })}</p> : null}
        </div>
      ) : null}

      <form method="post" action={`/api/surveys/${surveyId}/invitations`} encType="multipart/form-data" className="survey-form builder-form" data-testid="upload-contacts">
        <h2>{t('uploadTitle')}</h2>
        <p className="field-hint">{t('uploadHint', { columns })}</p>
        <input type="hidden" name="locale" value={locale} />
        <div className="field">
          <label htmlFor="contacts-file" className="field-label">{t('file')}</label>
          <input id="contacts-file" name="file" type="file" accept=".csv,text/csv" required />
        </div>
        <button type="submit" className="button button-secondary">{t('upload')}</button>
      </form>

      <h2>{t('sendTitle')}</h2>
      {list.survey.status === 'published' ? (
        <div className="button-row">
          <SendForm action={sendInvitations.bind(null, surveyId, 'invite')} kind="invite" />
          <SendForm action={sendInvitations.bind(null, surveyId, 'remind')} kind="remind" />
        </div>
      ) : (
        <p>{t('publishFirst')}</p>
      )}

      <h2>{t('listTitle', { count: list.total })}</h2>
      {list.rows.length === 0 ? (
        <p>{t('empty')}</p>
      ) : (
        <TableScroll label={t('listTitle', { count: list.total })}>
          <table className="data-table" data-testid="invitations">
            <thead>
              <tr>
                <th scope="col">{t('contact')}</th>
                <th scope="col">{t('language')}</th>
                <th scope="col">{t('status')}</th>
                <th scope="col">{t('invitedAt')}</th>
                <th scope="col">{t('reminders')}</th>
                <th scope="col">{t('optedOut')}</th>
              </tr>
            </thead>
            <tbody>
              {list.rows.map((r) => (
                <tr key={r.id} data-testid="invitation-row">
                  <th scope="row">{r.email ?? r.phone}</th>
                  <td>{r.locale}</td>
                  <td data-testid="invitation-status">{t(`statuses.${r.status}`)}</td>
                  <td>{when(r.invitedAt)}</td>
                  <td>{r.remindersSent}</td>
                  <td>{r.optedOutAt ? when(r.optedOutAt) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
    </StaffShell>
  );
}

const CSV_CODES = ['unknown_column', 'duplicate_column', 'no_contact_column', 'too_many_rows', 'column_count', 'invalid_email', 'invalid_phone', 'no_contact', 'invalid_language', 'value_too_long', 'control_characters', 'invalid_value', 'duplicate_contact', 'csv_syntax', 'empty_file', 'no_rows'];
