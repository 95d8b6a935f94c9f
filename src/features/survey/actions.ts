'use server';

import { headers } from 'next/headers';
import { z } from 'zod';
import { collectForSection, recordLocation } from '@/features/consent/collect';
import { hintsFromFormData } from '@/features/consent/collection-schemas';
import { consentChainOfRequest, getRequestConsent, settleConsentAfterStart } from '@/features/consent/server';
import { requestFactsFrom } from '@/features/consent/usage-facts';
import { redirect } from '@/i18n/navigation';
import { toLocale, type Locale } from '@/i18n/routing';
import { boundArg, failureState, publicButtonAction, publicCallAction, publicFormAction } from '@/server/action';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { todayIn } from '@/lib/dates';
import { wakeMailSender } from '@/features/mail/sender';
import { mailConfig } from '@/server/site-links';
import { checkAgeGate } from './age-gate';
import { pathSettler, planSectionStep } from './section-step';
import { formDataAsTyped } from './schemas';
import { applyDisplayOrder, drawDisplayOrder } from './display-order';
import {
  clearResumeToken,
  readCompletedResponse,
  readResumeToken,
  setCompletedResponse,
  setResumeToken,
} from './cookies';
import { completeDraft, discardDraft, endDraft, IncompleteOnPathError, isDraftClosed, PanelIdFinishedError, PanelIdInUseError, QuotaFullError, saveSection, saveSectionAnswers, ScreenedOutError, StaleStartError, startDraft } from './drafts';
import { panelKeyOf } from './panel-id';
import { availability, type EarlyEnding } from './fieldwork';
import { completedCount, fullAlready, quotaFiller } from './quotas';
import { COMPLETED_TOKEN_KEPT_MS, looksLikeStartKey } from './resume-token';
import { parseIntent, type SectionFormState } from './form-state';
import { findDraft, findFinishedBy, getPublishedSurvey, type FinishedStatus, type SurveyDTO } from './queries';
import { endingOf } from './endings';
import { hiddenValuesFromForm, invitedHiddenValues, linkQueryFromForm } from './link-values';
import { invitationFor, linkInvitationResponse } from '@/features/invitations/invitations';
import { invitationResponseKey, looksLikeInvitationToken } from '@/features/invitations/tokens';

/**
 * Server actions of a respondent taking a survey. Each one is a public POST endpoint: it checks
 * the survey, the draft its own cookie opens, and the input, whatever the page showed.
 * Redirects stay outside try/catch (redirect throws).
 */

const todayIso = () => todayIn(env.APP_TIME_ZONE);

/**
 * policy: P3.4, P4.2 — usage and fraud data for this response, once, and only if the browser's
 * current consent grants them (the collectors decide; with no consent nothing is stored).
 */
async function collectConsentedData(responseId: string, formData: FormData) {
  const facts = requestFactsFrom(await headers());
  await collectForSection(db, await getRequestConsent(), { responseId, facts, hints: hintsFromFormData(formData) });
}

const slugAndLocale = z.tuple([boundArg.slug, boundArg.locale]);

export const startSurvey = publicButtonAction({ name: 'startSurvey', bound: slugAndLocale, limit: 'surveyStart', limitSubject: consentChainOfRequest }, async ({ args: [slug, lang], fields, formData }) => {
  const survey = await getPublishedSurvey(db, slug);
  // An invitation's personal link (invitations/): its own hidden-field values, and one response.
  const invitation = survey && looksLikeInvitationToken(fields.invite) ? await invitationFor(db, survey.id, fields.invite) : null;
  // policy: P4.4, P2.1 — a customer id and hidden fields only where the survey declares them, and only well-formed.
  // (link-values.ts holds the rule: the customer id, then each hidden field, checked again here.)
  // The invitation's token stays in every address this start sends the browser back to.
  const linkQuery: Record<string, string> = survey ? { ...linkQueryFromForm(survey, fields), ...(invitation ? { invite: fields.invite! } : {}) } : {};
  const customerId = linkQuery.customer ?? null;
  // A second click on Start (or a second tab) continues the draft instead of orphaning it.
  if (survey && !(await findDraft(db, survey.id, await readResumeToken(slug)))) {
    // Fieldwork: before the opening time, after the closing time or with the cap reached, nobody
    // starts — the survey page says which (fieldwork.ts).
    if ((await startAvailability(survey)).kind !== 'open') return redirect({ href: { pathname: `/s/${slug}`, query: linkQuery }, locale: lang });
    // Invitation only: without a valid personal link nobody starts (the page says why).
    if (survey.inviteOnly && !invitation) return redirect({ href: { pathname: `/s/${slug}`, query: looksLikeInvitationToken(fields.invite) ? { invite: fields.invite } : {} }, locale: lang });
    // policy: P11.1 — the age gate comes before anything is stored; below the minimum age
    // no draft, no cookie, no row is created.
    if (survey.ageGate) {
      const gate = checkAgeGate(survey, formData.get('birth_date'), todayIso());
      if (!gate.ok && gate.tooYoung) return redirect({ href: `/s/${slug}/too-young`, locale: lang });
      if (!gate.ok) return redirect({ href: { pathname: `/s/${slug}`, query: { gate: gate.error, ...linkQuery } }, locale: lang });
    }
    const { consent } = await getRequestConsent();
    // A double click posts the form twice at once: its start key makes both posts one draft.
    const start = looksLikeStartKey(fields.startKey) ? { key: fields.startKey, secret: env.APP_SECRET } : undefined;
    const hiddenFields = invitation ? invitedHiddenValues(survey, invitation.linkValues) : hiddenValuesFromForm(survey, fields);
    const panelKey = invitation ? invitationResponseKey(invitation.id) : panelKeyOf(survey.panelIdKey, hiddenFields);
    const link = { customerId, hiddenFields, displayOrder: drawDisplayOrder(survey), panelKey, panelMayMove: invitation !== null };
    const started = await startDraft(db, survey.id, lang, new Date(), consent?.subjectKey, start, link).catch((error: unknown) => {
      if (error instanceof StaleStartError || error instanceof PanelIdFinishedError || error instanceof PanelIdInUseError) return error;
      throw error;
    });
    // A panel id or invitation that has its response already: no second one, and nothing of the
    // first shown to whoever holds the link or guessed the id (no done cookie for it).
    if (started instanceof PanelIdFinishedError || started instanceof PanelIdInUseError) {
      return redirect({ href: { pathname: `/s/${slug}/ended`, query: { already: started instanceof PanelIdFinishedError ? 'finished' : 'started' } }, locale: lang });
    }
    // A start form replayed later opens nothing: the page shows a fresh one.
    if (started instanceof StaleStartError) return redirect({ href: { pathname: `/s/${slug}`, query: linkQuery }, locale: lang });
    // policy: P7.2 — a browser consent another respondent holds is forgotten, not shared (consent/server.ts).
    await settleConsentAfterStart(started.consentSubjectKey);
    await setResumeToken(slug, started.token);
    if (!started.repeated) await collectConsentedData(started.responseId, formData);
    if (invitation) await linkInvitationResponse(db, invitation.id, started.responseId);
    // A quota on the link's hidden fields (the panel's sample source, a store) is decided at once:
    // full, the response ends here, holding only those values as a partial response (P3.1).
    if (!started.repeated && survey.quotas.length && (await fullAlready(db, survey, Object.fromEntries(hiddenFields.map((h) => [h.question.key, h.value]))))) {
      if (await endDraft(db, started.responseId, 'quota_full')) return redirect(await finished(slug, lang, started.responseId, 'quota_full'));
    }
  }
  redirect({ href: `/s/${slug}`, locale: lang });
});

/** Whether a new respondent may start now (the cap needs a count, read only for a survey that has one). */
async function startAvailability(survey: SurveyDTO) {
  const completed = survey.schedule.maxResponses === null ? 0 : await completedCount(db, survey.id);
  return availability(survey.schedule, new Date(), completed);
}

type Destination = { href: string; locale: Locale };

/** One section submitted: the page to go to next, or the state to show again (errors). */
async function handleSection(slug: string, lang: Locale, formData: FormData): Promise<{ go: Destination } | { show: SectionFormState }> {
  const intent = parseIntent(formData.get('intent'));
  const survey = await getPublishedSurvey(db, slug);
  const token = await readResumeToken(slug);
  const draft = survey ? await findDraft(db, survey.id, token) : null;
  if (!survey) return { show: { formError: 'session_expired' } };
  // A Finish sent again (a double click, a resent form) after its response was completed: done.
  // Found by the resume token the post carried (parallel posts), or, once the first answer has
  // reached the browser, by the done cookie it set (the last page sent again from the history).
  const completedMeanwhile = async () => {
    const byToken = await findFinishedBy(db, survey.id, token);
    if (byToken) return { go: await finished(slug, lang, byToken.id, byToken.status) };
    const byCookie = await readCompletedResponse(slug);
    const ended = byCookie ? await endingOf(db, byCookie, slug) : null;
    const recent = ended && Date.now() - ended.at.getTime() < COMPLETED_TOKEN_KEPT_MS;
    return byCookie && ended && recent ? { go: await finished(slug, lang, byCookie, ended.status) } : null;
  };
  if (!draft) return (await completedMeanwhile()) ?? { show: { formError: 'session_expired' } };

  // The survey in the order this respondent sees it (randomization): section indexes are theirs.
  const seen = applyDisplayOrder(survey, draft.displayOrder);
  const step = planSectionStep(seen, draft, formData, intent, todayIso());
  if (step.kind === 'stale') return { show: { formError: 'stale_page' } };
  if (step.kind === 'invalid') return { show: step.state };
  if (step.kind === 'under_age') {
    // policy: P11.1 — a birth date below the minimum age ends the survey: the draft is deleted.
    await discardDraft(db, survey.id, await readResumeToken(slug), 'response.discarded_under_age');
    await clearResumeToken(slug);
    return { go: { href: `/s/${slug}/too-young`, locale: lang } };
  }
  // Writes only while the draft is in progress (drafts.ts moveDraft): after a parallel Finish
  // completed it first, this submission changes nothing and ends where that one did.
  const whileInProgress = async (write: () => Promise<void>) => {
    try {
      await write();
      return null;
    } catch (error) {
      if (!isDraftClosed(error)) throw error;
      return (await completedMeanwhile()) ?? { show: { formError: 'session_expired' as const } };
    }
  };
  const stopped = await whileInProgress(() => saveSection(db, draft.id, step.questions, step.values, step.publish, step.nextSection));
  if (stopped) return stopped;
  // Consent given after the survey started allows collection from now on (once per response).
  await collectConsentedData(draft.id, formData);

  // Fieldwork (fieldwork.ts): a screen-out that holds, or a quota these answers already fill, ends
  // the response here; what it holds stays only as a partial response (P3.1).
  // Ended or completed by a parallel post meanwhile: wherever that one ended (its real status).
  const endEarly = async (ending: EarlyEnding) =>
    (await endDraft(db, draft.id, ending)) ? { go: await finished(slug, lang, draft.id, ending) } : ((await completedMeanwhile()) ?? { show: { formError: 'session_expired' as const } });
  if (step.screenedOut) return endEarly('screened_out');
  const forward = intent.kind === 'next' || intent.kind === 'finish';
  if (forward && (survey.quotas.length || survey.schedule.maxResponses !== null) && (await fullAlready(db, survey, step.answers))) return endEarly('quota_full');

  const samePage = { href: `/s/${slug}`, locale: intent.kind === 'locale' ? toLocale(intent.locale) : lang };
  if (!step.finishing) return { go: samePage };
  // Server-side guard (section-step.ts): the first section on the path still lacking a required answer.
  const { incomplete } = step;
  if (incomplete !== null) return (await whileInProgress(() => saveSectionAnswers(db, draft.id, [], {}, incomplete))) ?? { go: samePage };
  // Once: of ten parallel clicks one completes it; all of them end on the done page. The path is
  // judged again inside the completing transaction, over the answers stored by then (section-step.ts).
  // Counted towards its quotas and the cap in the same transaction, under the survey's fill lock (quotas.ts).
  let completed: boolean;
  try {
    completed = await completeDraft(db, draft.id, new Date(), {
      reward: survey.rewardKind ? { timeZone: env.APP_TIME_ZONE } : undefined,
      settle: pathSettler(seen.sections),
      fill: quotaFiller(db, survey.id),
    });
  } catch (error) {
    if (error instanceof QuotaFullError) return endEarly('quota_full');
    if (error instanceof ScreenedOutError) return endEarly('screened_out');
    if (!(error instanceof IncompleteOnPathError)) throw error;
    return (await whileInProgress(() => saveSectionAnswers(db, draft.id, [], {}, error.section))) ?? { go: samePage };
  }
  // A parallel post finished it first (completed, or ended early): where that one ended.
  if (!completed) return (await completedMeanwhile()) ?? { show: { formError: 'session_expired' } };
  // A voucher mailed on completion leaves now rather than at the sender's next round.
  if (survey.rewardKind) void wakeMailSender(db, mailConfig());
  return { go: await finished(slug, lang, draft.id, 'completed') };
}

/**
 * The browser's draft of this survey has finished: the done page, or the page of an early ending
 * (screened out, quota full). The done cookie names the response for either page (its return link).
 */
async function finished(slug: string, lang: Locale, responseId: string, status: FinishedStatus): Promise<Destination> {
  await clearResumeToken(slug);
  await setCompletedResponse(slug, responseId);
  return { href: status === 'completed' ? `/s/${slug}/done` : `/s/${slug}/ended`, locale: lang };
}

export const submitSection = publicFormAction<typeof slugAndLocale, SectionFormState>({ name: 'submitSection', bound: slugAndLocale }, async ({ args: [slug, lang], formData }) => {
  let outcome: Awaited<ReturnType<typeof handleSection>>;
  try {
    outcome = await handleSection(slug, lang, formData);
  } catch (error) {
    // The wrapper's one mapping (busy, unavailable, unexpected — logged with the reference shown),
    // with what was typed kept as the form has it: repeated fields (checkboxes) as lists.
    const { formError, requestId } = failureState(error, { name: 'submitSection', values: {} });
    const values = formDataAsTyped(formData);
    const sectionId = formData.get('sectionId');
    return { formError: formError as SectionFormState['formError'], values, requestId, sectionId: typeof sectionId === 'string' ? sectionId : undefined };
  }
  if ('show' in outcome) return outcome.show;
  redirect(outcome.go);
});

/** policy: P3.1, P7.1 — stop at any point: the draft and everything in it is deleted. */
export const discardSurvey = publicButtonAction({ name: 'discardSurvey', bound: slugAndLocale }, async ({ args: [slug, locale] }) => {
  const survey = await getPublishedSurvey(db, slug);
  if (survey) await discardDraft(db, survey.id, await readResumeToken(slug));
  await clearResumeToken(slug);
  redirect({ href: `/s/${slug}/stopped`, locale });
});

const locationSchema = z
  .object({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
    accuracyMeters: z.number().min(0).max(100_000).nullable(),
  })
  .strict();

/**
 * policy: P2.5 — stores the position the browser gave after its permission prompt, for the
 * respondent's own draft, only if their current consent grants `location`.
 */
export const shareLocation = publicCallAction(
  { name: 'shareLocation', bound: z.tuple([boundArg.slug]), input: locationSchema, refused: { ok: false }, limit: 'location', limitSubject: consentChainOfRequest },
  async ({ args: [slug], input }) => {
    const survey = await getPublishedSurvey(db, slug);
    const draft = survey ? await findDraft(db, survey.id, await readResumeToken(slug)) : null;
    if (!draft) return { ok: false };
    const stored = await recordLocation(db, await getRequestConsent(), { responseId: draft.id, ...input });
    return { ok: stored !== null };
  },
);
