import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { getFormatter, getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { BarChart } from '@/components/charts/BarChart';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { surveyReport } from '@/features/responses/queries';
import { auditEvent } from '@/server/audit';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { env } from '@/server/env';
import { zonedStartOfDay } from '@/lib/dates';
import { titleFrom } from '@/lib/page-title';

type Props = { params: Promise<{ locale: Locale; surveyId: string }> };

export const generateMetadata = titleFrom('Reports', 'title');

/** policy: P3.2, P5.5 — aggregated answers of the user's own Client's survey, as charts and tables. */
export default async function SurveyReportPage({ params }: Props) {
  const { locale, surveyId } = await params;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const report = await surveyReport(db, user, surveyId);
  // Another Client's survey is indistinguishable from one that does not exist.
  if (!report) notFound();
  await auditEvent(db, { actor: user.id, action: 'report.viewed', target: `survey:${surveyId}` });
  const t = await getTranslations('Reports');
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
        <a className="button button-primary" href={`/api/surveys/${surveyId}/export?format=csv`} data-testid="export-csv" download>
          {t('exportCsv')}
        </a>
        <a className="button button-secondary" href={`/api/surveys/${surveyId}/export?format=json`} download>
          {t('exportJson')}
        </a>
        <Link className="button button-secondary" href={{ pathname: '/admin/responses', query: { survey: surveyId } }}>
          {t('responsesLink')}
        </Link>
      </div>

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
