import { notFound } from 'next/navigation';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { Link } from '@/i18n/navigation';
import { StaffShell } from '@/features/auth/components/StaffShell';
import { updateQuestion } from '@/features/builder/actions';
import { QuestionForm } from '@/features/builder/components/EditForms';
import { getSurveyForBuilder, questionFormValues, sectionChoices } from '@/features/builder/queries';
import { db } from '@/server/db';
import { guardPage } from '@/server/page-guard';
import { titleFrom } from '@/lib/page-title';

export const generateMetadata = titleFrom('Builder', 'editQuestionTitle');

type Props = { params: Promise<{ locale: Locale; surveyId: string; questionId: string }> };

/** One question of a draft, edited in place (a published survey's questions never change). */
export default async function EditQuestionPage({ params }: Props) {
  const { locale, surveyId, questionId } = await params;
  setRequestLocale(locale);
  const path = `/admin/surveys/${surveyId}/questions/${questionId}`;
  const user = await guardPage(locale, path, 'admin', 'analyst');
  const survey = await getSurveyForBuilder(db, user, surveyId);
  const question = survey?.sections.flatMap((s) => s.questions).find((q) => q.id === questionId);
  if (!survey || !question || survey.status !== 'draft') notFound();
  const t = await getTranslations('Builder');
  return (
    <StaffShell user={user} path={path}>
      <p>
        <Link href={`/admin/surveys/${survey.id}/edit`}>← {t('backToSurvey')}</Link>
      </p>
      <h1>
        {t('editQuestionTitle')}: <code>{question.key}</code>
      </h1>
      <QuestionForm action={updateQuestion.bind(null, locale, survey.id, question.id)} sections={sectionChoices(survey, locale)} initial={questionFormValues(question)} />
    </StaffShell>
  );
}
