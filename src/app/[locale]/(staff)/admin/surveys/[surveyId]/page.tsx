import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { BarChart } from '@/components/charts/BarChart';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { ExportForm } from '@/features/responses/components/ExportForm';
import { surveyReport } from '@/features/responses/queries';
import { clientFieldsOf, groupFromQuery, groupsOf } from '@/features/client-data/breakdown';
import { FIELD_NAME } from '@/features/client-data/csv-rows';
import { auditEvent } from '@/server/audit';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { env } from '@/server/env';
import { zonedStartOfDay } from '@/lib/dates';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale; surveyId: string }>; searchParams: Promise<{ by?: string; value?: string; none?: string; exportError?: string }> };

export const generateMetadata = titleFrom('Reports', 'title');

/** policy: P3.2, P5.5 — aggregated answers of the user's own Client's survey, as charts and tables. */
export default async function SurveyReportPage({ params, searchParams }: Props) {
  const { locale, surveyId } = await params;
  const query = await searchParams;
  const by = typeof query.by === 'string' && FIELD_NAME.test(query.by) ? query.by : null;
  const group = groupFromQuery(by ?? undefined, query.value, query.none);
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const report = await surveyReport(db, user, surveyId, group);
  // Another Client's survey is indistinguishable from one that does not exist.
  if (!report) notFound();
  await auditEvent(db, { actor: user.id, action: 'report.viewed', target: `survey:${surveyId}` });
  // policy: P3.2, P4.4 — the survey's own Client's data only; using it is audited.
  const clientFields = await clientFieldsOf(db, report.survey.clientId);
  const groups = by && clientFields.includes(by) ? await groupsOf(db, report.survey.clientId, surveyId, by) : null;
  if (groups || group) await auditEvent(db, { actor: user.id, action: 'client_data.used', target: `survey:${surveyId}`, counts: { groups: groups?.length ?? 0, filtered: group ? 1 : 0 } });
  const t = await getTranslations('Reports');
  const tc = await getTranslations('ClientData');
  const tr = await getTranslations('Rewards');
  const ts = await getTranslations('Survey');
  const format = await getFormatter();
  const share = (count: number, pct: number) => t('percentOf', { percent: format.number(pct), count });
  const optionLabel = (q: (typeof report.questions)[number], value: string) =>
    q.type === 'gender' ? ts(`gender.${value as 'female'}`) : (q.options.find((o) => o.value === value)?.label[locale] ?? value);

  return (
    <StaffShell user={user} path={path}>
      <h1>{report.survey.title[locale]}</h1>
      <p>
        {report.survey.clientName} · {t('completed', { count: report.completed })}
      </p>
      <p className="field-hint">{t('restrictedNote')}</p>
      <div className="button-row">
        <Link className="button button-secondary" href={`/admin/surveys/${surveyId}/fieldwork`}>
          {t('fieldworkLink')}
        </Link>
        <Link className="button button-secondary" href={`/admin/surveys/${surveyId}/invitations`}>
          {t('invitationsLink')}
        </Link>
        <Link className="button button-secondary" href={{ pathname: '/admin/responses', query: { survey: surveyId } }}>
          {t('responsesLink')}
        </Link>
        {/* Contact data for rewards is the operator's, never a Client's analyst's (P5.2). */}
        {user.role === 'admin' ? (
          <Link className="button button-secondary" href={`/admin/surveys/${surveyId}/rewards`}>
            {tr('rewardsLink')}
          </Link>
        ) : null}
      </div>

      <ExportForm surveyId={surveyId} locale={locale} error={query.exportError === 'tooManyRows' ? 'tooManyRows' : null} />

      {/* Every response's outcome (survey/fieldwork.ts), and each quota's count. */}
      <section className="card" aria-labelledby="outcomes-heading" data-testid="outcomes">
        <h2 id="outcomes-heading">{t('outcomesTitle')}</h2>
        <dl className="consent-status">
          {(['completed', 'screened_out', 'quota_full', 'abandoned', 'in_progress'] as const).map((status) => (
            <div key={status} data-testid={`outcome-${status}`}>
              <dt>{t(`outcome.${status}`)}</dt>
              <dd>{format.number(report.outcomes[status] ?? 0)}</dd>
            </div>
          ))}
        </dl>
        <p className="field-hint">{t('outcomesNote')}</p>
        {report.quotas.length ? (
          <>
            <h3>{t('quotas')}</h3>
            <ul>
              {report.quotas.map((q) => (
                <li key={q.id} data-testid="report-quota">{t('quotaRow', { name: q.name, filled: q.filled, limit: q.limit })}</li>
              ))}
            </ul>
          </>
        ) : null}
      </section>

      {clientFields.length ? (
        <section className="card client-breakdown" aria-labelledby="breakdown-heading" data-testid="client-breakdown">
          <h2 id="breakdown-heading">{tc('breakdownTitle')}</h2>
          <p className="field-hint">{tc('breakdownIntro', { client: report.survey.clientName })}</p>
          <form method="get" className="inline-form">
            <label htmlFor="breakdown-by" className="field-label">{tc('breakdownBy')}</label>
            <select id="breakdown-by" name="by" defaultValue={by ?? clientFields[0]}>
              {clientFields.map((f) => (
                <option key={f} value={f}>{f}</option>
              ))}
            </select>{' '}
            <button type="submit" className="button button-secondary">{tc('breakdownShow')}</button>
          </form>
          {groups ? (
            <table className="data-table" data-testid="breakdown-groups">
              <thead>
                <tr>
                  <th scope="col">{by}</th>
                  <th scope="col" className="num">{t('count')}</th>
                  <th scope="col"><span className="visually-hidden">{tc('breakdownOpen')}</span></th>
                </tr>
              </thead>
              <tbody>
                {groups.map((g) => (
                  <tr key={g.value ?? ''}>
                    <td>{g.value ?? <em>{tc('noValue')}</em>}</td>
                    <td className="num">{format.number(g.responses)}</td>
                    <td>
                      <Link href={{ pathname: `/admin/surveys/${surveyId}`, query: g.value === null ? { by, none: '1' } : { by, value: g.value } }}>{tc('breakdownOpen')}</Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
          {group ? (
            <p role="status" data-testid="breakdown-filter">
              {tc('breakdownShowing', { field: group.field, value: group.value ?? tc('noValue') })} <Link href={`/admin/surveys/${surveyId}`}>{tc('breakdownClear')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}

      {report.completed === 0 ? (
        <p>{t('noData')}</p>
      ) : (
        <>
          <h2>{t('overTime')}</h2>
          <BarChart
            title={t('overTime')}
            tableLabel={t('tableAlternative')}
            columns={[t('day'), t('count')]}
            data={report.perDay.map((d) => ({
              label: format.dateTime(zonedStartOfDay(d.day, env.APP_TIME_ZONE), { dateStyle: 'medium' }),
              value: d.count,
              display: format.number(d.count),
            }))}
          />
          {report.questions.map((q) => (
            <section key={q.id} className="report-question" aria-labelledby={`q-${q.key}`} data-testid={`report-${q.key}`}>
              <h3 id={`q-${q.key}`}>{q.prompt[locale]}</h3>
              <p className="field-hint">{t('answered', { count: q.report.answered })}</p>
              {q.report.kind === 'text' ? (
                <p>{t('textAnswers')}</p>
              ) : q.report.kind === 'grid' ? (
                // A grid, reported per row: each row's answers over the scale.
                q.report.rows.map((row) => {
                  const label = q.rows.find((r) => r.value === row.value)?.label[locale] ?? row.value;
                  return (
                    <div key={row.value} className="report-grid-row" data-testid={`report-${q.key}-${row.value}`}>
                      <h4>{label}</h4>
                      <p className="field-hint">{t('answered', { count: row.answered })}</p>
                      <BarChart
                        title={`${q.prompt[locale]} — ${label}`}
                        tableLabel={t('tableAlternative')}
                        columns={[t('option'), t('share')]}
                        data={row.buckets.map((b) => ({ label: optionLabel(q, b.value), value: b.count, display: share(b.count, b.percent) }))}
                      />
                    </div>
                  );
                })
              ) : (
                <>
                  {q.report.kind === 'rating' && q.report.mean !== null ? (
                    <p className="report-figure">{t('mean', { mean: format.number(q.report.mean, { maximumFractionDigits: 2 }) })}</p>
                  ) : null}
                  {q.report.kind === 'nps' && q.report.score !== null ? (
                    <>
                      <p className="report-figure" data-testid="nps-score">{t('nps', { score: q.report.score })}</p>
                      <p className="field-hint">
                        {t('npsBreakdown', { promoters: q.report.promoters, passives: q.report.passives, detractors: q.report.detractors })}
                      </p>
                    </>
                  ) : null}
                  <BarChart
                    title={q.prompt[locale]}
                    tableLabel={t('tableAlternative')}
                    columns={[t('option'), t('share')]}
                    data={q.report.buckets.map((b) => ({ label: optionLabel(q, b.value), value: b.count, display: share(b.count, b.percent) }))}
                  />
                </>
              )}
            </section>
          ))}
        </>
      )}
    </StaffShell>
  );
}
