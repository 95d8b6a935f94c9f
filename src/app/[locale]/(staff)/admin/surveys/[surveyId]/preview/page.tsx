import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { getSurveyForBuilder } from '@/features/builder/queries';
import { QuestionField } from '@/features/survey/components/QuestionField';
import { asWritten, toFieldView } from '@/features/survey/components/to-field-views';
import { isHiddenField } from '@/features/survey/path';
import { ConditionText, optionLabelsOf } from '@/features/builder/components/ConditionText';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Builder', 'previewTitle');

/** Every section as a respondent sees it, in the page's language; inputs are disabled. */
export default async function PreviewPage({ params }: { params: Promise<{ locale: Locale; surveyId: string }> }) {
  const { locale, surveyId } = await params;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}/preview`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const survey = await getSurveyForBuilder(db, user, surveyId);
  if (!survey) notFound();
  const t = await getTranslations('Builder');
  const labels = optionLabelsOf(survey.sections, locale);
  const hiddenFields = survey.sections.flatMap((s) => s.questions.filter(isHiddenField));
  return (
    <StaffShell user={user} path={path}>
      <p><Link href={`/admin/surveys/${survey.id}/edit`}>{t('editTitle')}</Link></p>
      <h1>{survey.title[locale]}</h1>
      <p className="field-hint">{t('previewNote')}</p>
      <p className="lead">{survey.description[locale]}</p>
      {hiddenFields.length ? (
        <p className="logic-note" data-testid="preview-hidden-fields">
          {t('hiddenFields')}: {hiddenFields.map((q) => `?${q.key}=…`).join(', ')}
        </p>
      ) : null}
      {survey.sections.map((section) => (
        <div key={section.id} className="survey-form">
          <h2 className="section-title">{section.title[locale]}</h2>
          {section.showIf ? (
            <p className="logic-note">
              {t('shownOnlyIf')} <ConditionText condition={section.showIf} labels={labels} />
            </p>
          ) : null}
          <fieldset disabled className="preview">
            {section.questions.filter((q) => !isHiddenField(q)).map((q) => (
              <div key={q.id}>
                {q.showIf ? (
                  <p className="logic-note">
                    {t('askedOnlyIfNote')} <ConditionText condition={q.showIf} labels={labels} />
                  </p>
                ) : null}
                <QuestionField field={toFieldView(q, locale, asWritten)} defaultValue={undefined} />
              </div>
            ))}
          </fieldset>
        </div>
      ))}
    </StaffShell>
  );
}
