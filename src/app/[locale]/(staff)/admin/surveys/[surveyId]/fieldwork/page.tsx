import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { addQuota, deleteQuota, updateFieldwork, updateQuotaLimit } from '@/features/builder/actions';
import { AddQuotaForm, FieldworkSettingsForm, QuotaLimitForm } from '@/features/builder/components/FieldworkForms';
import { ConditionText, optionLabelsOf } from '@/features/builder/components/ConditionText';
import { getFieldwork } from '@/features/builder/fieldwork-commands';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { guardPage } from '@/server/page-guard';
import { localDateTimeOf } from '@/lib/dates';
import { draftTextSchema } from '@/lib/localized-text';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Fieldwork', 'title');

type Props = { params: Promise<{ locale: Locale; surveyId: string }>; searchParams: Promise<{ refused?: string }> };

/**
 * A survey's fieldwork (issue 13, part 3): when it is open, how many completed responses it takes,
 * where panel respondents go back to, and its quotas with their counts. Editable while live.
 */
export default async function FieldworkPage({ params, searchParams }: Props) {
  const { locale, surveyId } = await params;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}/fieldwork`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const fieldwork = await getFieldwork(db, user, surveyId);
  if (!fieldwork) notFound();
  const t = await getTranslations('Fieldwork');
  const tb = await getTranslations('Builder');
  const refused = (await searchParams).refused;
  const title = draftTextSchema.parse(fieldwork.title)[locale] || fieldwork.slug;
  const closed = fieldwork.status === 'closed';
  const labels = optionLabelsOf(fieldwork.optionSections, locale);
  const local = (at: Date | null) => (at ? localDateTimeOf(at, env.APP_TIME_ZONE) : '');
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href={fieldwork.status === 'draft' ? `/admin/surveys/${surveyId}/edit` : `/admin/surveys/${surveyId}`}>← {title}</Link>
      </p>
      <h1>{t('title')}</h1>
      <p>
        <Link href={`/admin/surveys/${surveyId}/invitations`}>{t('invitationsLink')}</Link>
      </p>
      <p data-testid="fieldwork-status">
        <code>{fieldwork.slug}</code> · {tb('status', { status: tb(`statuses.${fieldwork.status}`) })} · {t('completedCount', { count: fieldwork.completed })}
      </p>
      {refused ? <p className="notice" role="status">{t('refused')}</p> : null}
      {closed ? <p className="field-hint">{t('closedReadOnly')}</p> : null}
      <p className="field-hint">
        {fieldwork.hiddenKeys.length ? t('hiddenFields', { keys: fieldwork.hiddenKeys.join(', ') }) : t('noHiddenFields')}
      </p>
      <fieldset disabled={closed} className="preview">
        <FieldworkSettingsForm
          action={updateFieldwork.bind(null, surveyId)}
          timeZone={env.APP_TIME_ZONE}
          hiddenKeys={fieldwork.hiddenKeys}
          initial={{
            opensAt: local(fieldwork.opensAt),
            closesAt: local(fieldwork.closesAt),
            maxResponses: fieldwork.maxResponses?.toString() ?? '',
            returnUrlComplete: fieldwork.returnUrlComplete ?? '',
            returnUrlScreenedOut: fieldwork.returnUrlScreenedOut ?? '',
            returnUrlQuotaFull: fieldwork.returnUrlQuotaFull ?? '',
            panelIdKey: fieldwork.panelIdKey ?? '',
            inviteOnly: fieldwork.inviteOnly ? 'on' : '',
            maxReminders: String(fieldwork.maxReminders),
            reminderAfterDays: fieldwork.reminderAfterDays?.toString() ?? '',
          }}
        />
      </fieldset>

      <h2>{t('quotasTitle')}</h2>
      <p className="field-hint">{t('quotasHint')}</p>
      {fieldwork.quotas.length === 0 ? (
        <p>{t('noQuotas')}</p>
      ) : (
        <TableScroll label={t('quotasTitle')}>
          <table className="data-table" data-testid="quotas">
            <thead>
              <tr>
                <th scope="col">{t('quotaName')}</th>
                <th scope="col">{t('quotaCondition')}</th>
                <th scope="col">{t('quotaFilled')}</th>
                <th scope="col">{t('quotaLimit')}</th>
                <th scope="col"><span className="visually-hidden">{t('actions')}</span></th>
              </tr>
            </thead>
            <tbody>
              {fieldwork.quotas.map((q) => (
                <tr key={q.id} data-testid={`quota-${q.name}`}>
                  <th scope="row">{q.name}</th>
                  <td>{q.condition ? <ConditionText condition={q.condition} labels={labels} /> : '—'}</td>
                  <td data-testid="quota-filled">
                    {t('filledOf', { filled: q.filled, limit: q.limit })}
                    {q.filled >= q.limit ? <strong> · {t('full')}</strong> : null}
                  </td>
                  <td>{closed ? q.limit : <QuotaLimitForm action={updateQuotaLimit.bind(null, surveyId, q.id)} limit={q.limit} label={t('limitOf', { name: q.name })} />}</td>
                  <td>
                    {closed ? null : (
                      <form action={deleteQuota.bind(null, surveyId, q.id)}>
                        <button type="submit" className="link-button">{t('deleteQuota')}</button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {closed ? null : <AddQuotaForm action={addQuota.bind(null, surveyId)} />}
    </StaffShell>
  );
}
