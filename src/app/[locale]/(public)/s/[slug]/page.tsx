import type { Metadata } from 'next';
import { getTranslations, setRequestLocale } from 'next-intl/server';
import type { Locale } from '@/i18n/routing';
import { PageShell } from '@/components/ui/PageShell';
import { DeviceHints } from '@/features/consent/components/DeviceHints';
import { LocationShare } from '@/features/consent/components/LocationShare';
import { getPageConsent } from '@/features/consent/server';
import { shareLocation, startSurvey, submitSection } from '@/features/survey/actions';
import { readResumeToken } from '@/features/survey/cookies';
import { ProgressBar } from '@/features/survey/components/ProgressBar';
import { SectionForm } from '@/features/survey/components/SectionForm';
import { SurveyUnavailable } from '@/features/survey/components/SurveyUnavailable';
import { answerPiping, noPiping, toSectionView } from '@/features/survey/components/to-field-views';
import { AgeGateField } from '@/features/survey/components/AgeGateField';
import { computeProgress } from '@/features/survey/progress';
import { findDraft } from '@/features/survey/queries';
import { askedQuestions, countedAnswers, currentOnPath, isHiddenField, nextOnPath, positionOnPath, previousOnPath } from '@/features/survey/path';
import { linkValuesOf, type SearchParams } from '@/features/survey/link-values';
import { applyDisplayOrder } from '@/features/survey/display-order';
import { publishedSurveyForPage } from '@/features/survey/last-known-survey';
import { createStartKey } from '@/features/survey/resume-token';
import { publishFieldOf } from '@/features/survey/field-names';
import { availability } from '@/features/survey/fieldwork';
import { completedCount } from '@/features/survey/quotas';
import { ScheduleNotice } from '@/features/survey/components/ScheduleNotice';
import { invitationFor } from '@/features/invitations/invitations';
import { looksLikeInvitationToken } from '@/features/invitations/tokens';
import { SocialSignIn, socialNoticeOf } from '@/features/social/components/SocialSignIn';
import { prefillFromProfile } from '@/features/social/profile';
import { signedInProfile } from '@/features/social/profiles';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { outageReference } from '@/server/errors';

type Params = { params: Promise<{ locale: Locale; slug: string }> };
type PageProps = Params & { searchParams: Promise<SearchParams> };

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { locale, slug } = await params;
  const survey = await publishedSurveyForPage(db, slug);
  return survey ? { title: survey.title[locale] } : {};
}

/** The respondent's draft, or `unavailable` with the logged reference when the database cannot be reached. */
async function readDraft(surveyId: string, slug: string) {
  try {
    return { draft: await findDraft(db, surveyId, await readResumeToken(slug)) };
  } catch (error) {
    return { unavailable: outageReference(error, { page: 'survey', slug }) };
  }
}

/** Take a survey: the intro (no draft yet) or the section the respondent's draft is on. */
export default async function SurveyPage({ params, searchParams }: PageProps) {
  const { locale, slug } = await params;
  const query = await searchParams;
  const [gate, social] = [query.gate, query.social].map((v) => (typeof v === 'string' ? v : undefined));
  const socialNotice = socialNoticeOf(social);
  const providers = env.SOCIAL_PROVIDERS.map(({ id, label }) => ({ id, label }));
  setRequestLocale(locale);
  const t = await getTranslations('Survey');
  const path = `/s/${slug}`;
  const survey = await publishedSurveyForPage(db, slug);
  if (!survey) return <SurveyUnavailable path={path} />;

  const read = await readDraft(survey.id, slug);
  const { grants, unavailable, consent, mustCover } = await getPageConsent();
  // Device hints exist on the page only when consent grants them (the server checks again).
  const hints = grants.usage || grants.fraud ? <DeviceHints usage={grants.usage} fraud={grants.fraud} /> : null;
  const outage = 'unavailable' in read ? read.unavailable : unavailable;
  if (outage) {
    // Without the draft there is no path: every section, each with all its questions (the form shows
    // a conditional one only if the failed post had it), placeholders as an ellipsis.
    const outageViews = survey.sections.map((section, index) =>
      toSectionView(section, section.questions.filter((q) => !isHiddenField(q)), locale, noPiping, { isFirst: index === 0, isLast: index === survey.sections.length - 1 }),
    );
    // The database is out of reach: the same tree as below (a null in place of the progress bar and
    // of the sign-in box: keep the positions in step), so that a section posted without
    // JavaScript comes back with what was typed (SectionForm picks the section it came from);
    // else it says the service is unavailable — a Start button now could only fail.
    return (
      <PageShell path={path}>
        <h1>{survey.title[locale]}</h1>
        {null}
        {null}
        <SectionForm action={submitSection.bind(null, slug, locale)} formId="survey-form" sections={outageViews} current={null} unavailableReference={outage} saved={{}} stopHref={`/s/${slug}/stop`} />
        {null}
      </PageShell>
    );
  }
  const draft = 'draft' in read ? read.draft : null;
  if (!draft) {
    // Fieldwork (fieldwork.ts): before it opens, after it closes or with the cap reached, no Start
    // button — the action refuses a start then anyway.
    const open = availability(survey.schedule, new Date(), survey.schedule.maxResponses === null ? 0 : await completedCount(db, survey.id));
    // An invitation's personal link (invitations/): its token goes with the start form; its own
    // hidden-field values are used, not the link's. Invitation only: no Start without a valid one.
    const inviteToken = looksLikeInvitationToken(query.invite) ? query.invite : null;
    const invitation = inviteToken ? await invitationFor(db, survey.id, inviteToken) : null;
    const refusedInvite = survey.inviteOnly && !invitation ? (inviteToken || query.invite ? 'inviteInvalid' : 'inviteOnly') : null;
    return (
      <PageShell path={path}>
        <h1>{survey.title[locale]}</h1>
        <p className="lead">{survey.description[locale]}</p>
        {/* With skip logic the path is known only as it is answered: the most it can be. */}
        <p>{t(survey.sections.some((section) => section.showIf) ? 'sectionCountUpTo' : 'sectionCount', { count: survey.sections.length })}</p>
        {/* policy: P3.1 — taking part is voluntary and can be stopped at any point. */}
        <p>{t('voluntary')}</p>
        <p>{t('savedAsYouGo')}</p>
        {/* policy: P8.1, P5.2 — what the reward needs and where the address goes, before anything is asked. */}
        {survey.rewardKind ? (
          <p data-testid="reward-offer">{t(survey.rewardKind === 'voucher' ? 'rewardOfferVoucher' : 'rewardOfferBonus', { partner: survey.rewardPartner ?? t('us') })}</p>
        ) : null}
        <ScheduleNotice availability={open} />
        {refusedInvite ? (
          <p className="notice" role="status" data-testid="invite-notice">
            {t(refusedInvite)}
          </p>
        ) : invitation ? (
          <p data-testid="invite-notice">{t('invited')}</p>
        ) : null}
        {open.kind !== 'open' || refusedInvite ? null : (
          <>
            <SocialSignIn locale={locale} slug={slug} providers={providers} signedIn={null} offer={false} notice={socialNotice} />
            <form action={startSurvey.bind(null, slug, locale)} noValidate>
              {/* One key per rendered form: a double click on Start is one start (drafts.ts startDraft). */}
              <input type="hidden" name="startKey" value={createStartKey()} />
              {/* policy: P4.4 — the Client's customer id from the link, kept only where the survey declares it (checked again on start). */}
              {/* The survey's declared hidden fields from the link (`?store=…`); anything else in the link is dropped (P2.1, checked again on start). */}
              {invitation && inviteToken ? (
                <input type="hidden" name="invite" value={inviteToken} />
              ) : (
                Object.entries(linkValuesOf(survey, query)).map(([name, value]) => <input key={name} type="hidden" name={name} value={value} />)
              )}
              {hints}
              {survey.ageGate ? <AgeGateField survey={survey} error={gate} /> : null}
              <button type="submit" className="button button-primary">
                {t('start')}
              </button>
            </form>
          </>
        )}
      </PageShell>
    );
  }

  // Skip logic (path.ts): the section and questions the draft's answers lead to, with earlier answers piped in.
  // In the order this respondent sees it (randomization, fixed when they started).
  const seen = applyDisplayOrder(survey, draft.displayOrder);
  const counted = countedAnswers(seen.sections, draft.answers);
  const index = currentOnPath(seen.sections, counted, draft.currentSection) ?? 0;
  const section = seen.sections[index]!;
  const asked = askedQuestions(section, counted);
  const piping = answerPiping(seen.sections.flatMap((s) => s.questions), counted, locale, (v) => t(`gender.${v as 'female'}`));
  const view = toSectionView(section, asked, locale, piping, {
    isFirst: previousOnPath(seen.sections, counted, index) === index,
    isLast: nextOnPath(seen.sections, counted, index) === null,
  });
  const place = positionOnPath(seen.sections, counted, index);
  // policy: P3.5 — a signed-in respondent's email fills the email fields they have not answered:
  // shown and editable, saved only when they send the section (read only while `social` is granted).
  const signedIn = await signedInProfile(db, draft.id, consent, mustCover);
  const prefill = prefillFromProfile(asked, signedIn?.prefill ? signedIn : null, draft.answers);
  return (
    <PageShell path={path}>
      <h1>{survey.title[locale]}</h1>
      <ProgressBar progress={computeProgress(place.position - 1, place.total)} />
      <SocialSignIn
        locale={locale}
        slug={slug}
        providers={providers}
        signedIn={signedIn}
        offer={asked.some((q) => q.type === 'email')}
        notice={socialNotice}
      />
      <SectionForm
        action={submitSection.bind(null, slug, locale)}
        formId="survey-form"
        sections={[view]}
        current={section.id}
        saved={{ ...prefill, ...draft.answers, ...Object.fromEntries(draft.publishing.map((key) => [publishFieldOf(key), 'on'])) }}
        stopHref={`/s/${slug}/stop`}
        deviceHints={hints}
      />
      {grants.location ? <LocationShare share={shareLocation.bind(null, slug)} /> : null}
    </PageShell>
  );
}
