import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { addQuestion, addSection, closeSurvey, deleteQuestion, deleteSection, moveQuestion, moveSection, publishSurvey, updateSection, updateSurvey } from '@/features/builder/actions';
import { SurveySettingsForm } from '@/features/builder/components/SurveySettingsForm';
import { AddSectionForm, EditSectionForm, LogicProblemList, PublishForm, QuestionForm } from '@/features/builder/components/EditForms';
import { ConditionText, optionLabelsOf } from '@/features/builder/components/ConditionText';
import { getSurveyForBuilder, sectionChoices, sectionFormValues } from '@/features/builder/queries';
import { logicPublishProblems } from '@/features/builder/publish-check';
import { TableScroll } from '@/components/TableScroll';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Builder', 'editTitle');

type Props = { params: Promise<{ locale: Locale; surveyId: string }> };

/** The builder: texts in az and en side by side, each question's data category explicit. */
export default async function EditSurveyPage({ params }: Props) {
  const { locale, surveyId } = await params;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}/edit`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const survey = await getSurveyForBuilder(db, user, surveyId);
  if (!survey) notFound();
  const t = await getTranslations('Builder');
  const draft = survey.status === 'draft';
  const labels = optionLabelsOf(survey.sections, locale);
  const logicProblems = draft ? logicPublishProblems(survey.sections, survey.randomizeSections).filter((p) => p.code === 'logic') : [];
  return (
    <StaffShell user={user} path={path}>
      <h1>{survey.title[locale] || survey.title.az || survey.title.en || survey.slug}</h1>
      <p data-testid="survey-status">
        {survey.client.name} · <code>{survey.slug}</code> · {t('status', { status: t(`statuses.${survey.status}`) })}
      </p>
      <div className="button-row">
        <Link className="button button-secondary" href={`/admin/surveys/${survey.id}/preview`}>{t('preview')}</Link>
        {draft ? null : <Link className="button button-secondary" href={`/admin/surveys/${survey.id}`}>{t('report')}</Link>}
        <Link className="button button-secondary" href={`/admin/surveys/${survey.id}/fieldwork`}>{t('fieldwork')}</Link>
      </div>
      {draft ? null : <p className="field-hint">{t('readOnly', { status: t(`statuses.${survey.status}`) })}</p>}

      <details className="settings-details" open={draft}>
        <summary>{t('settings')}</summary>
        <SurveySettingsForm
          action={updateSurvey.bind(null, survey.id)}
          retentionOnly={!draft}
          submitLabel={t('saveSettings')}
          initial={{
            title_az: survey.title.az,
            title_en: survey.title.en,
            description_az: survey.description.az,
            description_en: survey.description.en,
            ageGate: survey.ageGate ? 'on' : '',
            acceptsCustomerId: survey.acceptsCustomerId ? 'on' : '',
            rewardKind: survey.rewardKind ?? '',
            rewardPartner: survey.rewardPartner ?? '',
            sweepstakes: survey.sweepstakes ? 'on' : '',
            randomizeSections: survey.randomizeSections ? 'on' : '',
            minimumAge: survey.minimumAge?.toString() ?? '',
            country: survey.country ?? '',
            retentionContactDays: survey.retentionContactDays?.toString() ?? '',
            retentionDemographicDays: survey.retentionDemographicDays?.toString() ?? '',
            retentionAnswersDays: survey.retentionAnswersDays?.toString() ?? '',
            retentionDraftDays: survey.retentionDraftDays?.toString() ?? '',
          }}
        />
      </details>

      <h2>{t('sections')}</h2>
      <LogicProblemList problems={logicProblems} />
      {survey.sections.length === 0 ? <p>{t('noSections')}</p> : null}
      {survey.sections.map((section, sectionIndex) => (
        <section key={section.id} className="builder-section" data-testid={`builder-section-${section.position}`}>
          <h3>
            {section.position + 1}. <span lang="az">{section.title.az || '—'}</span> / <span lang="en">{section.title.en || '—'}</span>
          </h3>
          {section.randomizeQuestions ? <p className="logic-note">{t('shuffledQuestions')}</p> : null}
          {section.showIf ? (
            <p className="logic-note" data-testid={`section-logic-${section.position}`}>
              {t('shownOnlyIf')} <ConditionText condition={section.showIf} labels={labels} />
            </p>
          ) : null}
          {section.screenOutIf ? (
            <p className="logic-note" data-testid={`section-screen-out-${section.position}`}>
              {t('screensOutIf')} <ConditionText condition={section.screenOutIf} labels={labels} />
            </p>
          ) : null}
          {draft ? (
            <div className="button-row">
              {sectionIndex > 0 ? (
                <form action={moveSection.bind(null, survey.id, section.id, 'up')}>
                  <button type="submit" className="link-button">{t('moveUp')}</button>
                </form>
              ) : null}
              {sectionIndex < survey.sections.length - 1 ? (
                <form action={moveSection.bind(null, survey.id, section.id, 'down')}>
                  <button type="submit" className="link-button">{t('moveDown')}</button>
                </form>
              ) : null}
              {section.questions.length === 0 ? (
                <form action={deleteSection.bind(null, survey.id, section.id)}>
                  <button type="submit" className="link-button">{t('deleteSection')}</button>
                </form>
              ) : null}
            </div>
          ) : null}
          {draft ? (
            <details>
              <summary>{t('editSection')}</summary>
              <EditSectionForm action={updateSection.bind(null, survey.id, section.id)} id={section.id} initial={sectionFormValues(section)} />
            </details>
          ) : null}
          <TableScroll label={`${section.position + 1}. ${section.title[locale] || section.title.az || section.title.en}`}>
            <table className="data-table">
              <thead>
                <tr>
                  <th scope="col">{t('key')}</th>
                  <th scope="col">{t('type')}</th>
                  <th scope="col">{t('category')}</th>
                  <th scope="col">{t('az')}</th>
                  <th scope="col">{t('en')}</th>
                  {draft ? <th scope="col"><span className="visually-hidden">{t('edit')}</span></th> : null}
                </tr>
              </thead>
              <tbody>
                {section.questions.map((q, questionIndex) => (
                  <tr key={q.id} id={`question-${q.id}`}>
                    <td><code>{q.key}</code>{q.required ? ' *' : ''}</td>
                    <td>
                      {t(`types.${q.type}`)}
                      {q.randomizeOptions ? ` ${t('shuffledOptions')}` : null}
                      {q.type === 'grid' ? ` · ${t('gridRows', { rows: q.rows.map((r) => r.label[locale] || r.value).join(', ') })}` : null}
                      {q.showIf ? (
                        <span className="logic-note" data-testid={`question-logic-${q.key}`}>
                          {' '}
                          {t('askedOnlyIf')} <ConditionText condition={q.showIf} labels={labels} />
                        </span>
                      ) : null}
                    </td>
                    <td>{t(`categories.${q.category as 'answers'}`)}{q.contactPurpose ? ` · ${t(`purposes.${q.contactPurpose}`)}` : ''}</td>
                    <td lang="az">{q.prompt.az || '—'}</td>
                    <td lang="en">{q.prompt.en || '—'}</td>
                    {draft ? (
                      <td className="row-actions">
                        <Link href={`/admin/surveys/${survey.id}/questions/${q.id}`} aria-label={t('editNamed', { name: q.key })}>{t('edit')}</Link>
                        {questionIndex > 0 ? (
                          <form action={moveQuestion.bind(null, survey.id, q.id, 'up')}>
                            <button type="submit" className="link-button" aria-label={t('moveUpNamed', { name: q.key })}>↑</button>
                          </form>
                        ) : null}
                        {questionIndex < section.questions.length - 1 ? (
                          <form action={moveQuestion.bind(null, survey.id, q.id, 'down')}>
                            <button type="submit" className="link-button" aria-label={t('moveDownNamed', { name: q.key })}>↓</button>
                          </form>
                        ) : null}
                        {q.answers === 0 ? (
                          <form action={deleteQuestion.bind(null, survey.id, q.id)}>
                            <button type="submit" className="link-button" aria-label={t('deleteNamed', { name: q.key })}>{t('delete')}</button>
                          </form>
                        ) : null}
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        </section>
      ))}

      {draft ? (
        <>
          <AddSectionForm action={addSection.bind(null, survey.id)} />
          {survey.sections.length > 0 ? (
            <QuestionForm
              action={addQuestion.bind(null, survey.id)}
              sections={sectionChoices(survey, locale)}
            />
          ) : null}
          <PublishForm action={publishSurvey.bind(null, survey.id)} />
        </>
      ) : survey.status === 'published' ? (
        <form action={closeSurvey.bind(null, survey.id)}>
          <button type="submit" className="button button-danger">{t('close')}</button>
        </form>
      ) : null}
    </StaffShell>
  );
}
