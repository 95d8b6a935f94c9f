'use server';

import { headers } from 'next/headers';
import { hasLocale } from 'next-intl';
import { z } from 'zod';
import { collectFraudSignal, collectUsage, recordLocation } from '@/features/consent/collect';
import { hintsFromFormData } from '@/features/consent/collection-schemas';
import { getRequestConsent } from '@/features/consent/server';
import { requestFactsFrom } from '@/features/consent/usage-facts';
import { redirect } from '@/i18n/navigation';
import { routing, type Locale } from '@/i18n/routing';
import { db } from '@/server/db';
import { reportUnexpected } from '@/server/errors';
import { firstIncompleteSection } from './completion';
import {
  clearResumeToken,
  readResumeToken,
  setCompletedResponse,
  setResumeToken,
} from './cookies';
import { completeDraft, discardDraft, saveSectionAnswers, startDraft } from './drafts';
import { parseIntent, type SectionFormState } from './form-state';
import { findDraft, getPublishedSurvey } from './queries';
import { formDataToRaw, parseSection } from './schemas';

/**
 * Server actions of a respondent taking a survey. Each one is a public POST endpoint: it checks
 * the survey, the draft its own cookie opens, and the input, whatever the page showed.
 * Redirects stay outside try/catch (redirect throws).
 */

function safeLocale(locale: string): Locale {
  return hasLocale(routing.locales, locale) ? locale : routing.defaultLocale;
}

const todayIso = () => new Date().toISOString().slice(0, 10);

/**
 * policy: P3.4, P4.2 — usage and fraud data for this response, once, and only if the browser's
 * current consent grants them (the collectors decide; with no consent nothing is stored).
 */
async function collectConsentedData(responseId: string, formData: FormData) {
  const ctx = await getRequestConsent();
  const facts = requestFactsFrom(await headers());
  const hints = hintsFromFormData(formData);
  await collectUsage(db, ctx, { responseId, facts, hints });
  await collectFraudSignal(db, ctx, { responseId, hints, userAgent: facts.userAgent });
}

export async function startSurvey(slug: string, locale: string, formData: FormData): Promise<void> {
  const lang = safeLocale(locale);
  const survey = await getPublishedSurvey(db, slug);
  // A second click on Start (or a second tab) continues the draft instead of orphaning it.
  if (survey && !(await findDraft(db, survey.id, await readResumeToken(slug)))) {
    const { consent } = await getRequestConsent();
    const { token, responseId } = await startDraft(db, survey.id, lang, new Date(), consent?.subjectKey);
    await setResumeToken(slug, token);
    await collectConsentedData(responseId, formData);
  }
  return redirect({ href: `/s/${slug}`, locale: lang });
}

export async function submitSection(
  slug: string,
  locale: string,
  _previous: SectionFormState,
  formData: FormData,
): Promise<SectionFormState> {
  const lang = safeLocale(locale);
  const intent = parseIntent(formData.get('intent'));
  let destination: { href: string; locale: Locale };
  let values: Record<string, unknown> = {};
  try {
    const survey = await getPublishedSurvey(db, slug);
    const draft = survey ? await findDraft(db, survey.id, await readResumeToken(slug)) : null;
    if (!survey || !draft) return { formError: 'session_expired' };

    const index = survey.sections.findIndex((s) => s.id === formData.get('sectionId'));
    const section = survey.sections[index];
    // A page the respondent already passed may be re-sent (browser back); a later one may not.
    if (!section || index > draft.currentSection) return { formError: 'stale_page' };

    values = formDataToRaw(formData, section.questions);
    const mode = intent.kind === 'next' || intent.kind === 'finish' ? 'complete' : 'partial';
    const parsed = parseSection(section.questions, values, mode, todayIso());
    if (!parsed.ok) return { fieldErrors: parsed.fieldErrors, formError: parsed.formError, values };

    const last = survey.sections.length - 1;
    const finishing = intent.kind === 'finish' || (intent.kind === 'next' && index === last);
    const nextSection =
      intent.kind === 'back' ? Math.max(0, index - 1) : intent.kind === 'next' ? Math.min(index + 1, last) : index;
    await saveSectionAnswers(db, draft.id, section.questions, parsed.values, nextSection);
    // Consent given after the survey started allows collection from now on (once per response).
    await collectConsentedData(draft.id, formData);

    destination = { href: `/s/${slug}`, locale: intent.kind === 'locale' ? safeLocale(intent.locale) : lang };
    if (finishing) {
      // Server-side guard: every required answer of every section, not only this page's.
      const incomplete = firstIncompleteSection(survey.sections, { ...draft.answers, ...parsed.values });
      if (incomplete !== null) {
        await saveSectionAnswers(db, draft.id, [], {}, incomplete);
      } else {
        await completeDraft(db, draft.id);
        await clearResumeToken(slug);
        await setCompletedResponse(slug, draft.id);
        destination = { href: `/s/${slug}/done`, locale: lang };
      }
    }
  } catch (error) {
    return { formError: 'unexpected', values, requestId: reportUnexpected(error, { action: 'submitSection', slug }) };
  }
  return redirect(destination);
}

/** policy: P3.1, P7.1 — stop at any point: the draft and everything in it is deleted. */
export async function discardSurvey(slug: string, locale: string): Promise<void> {
  const survey = await getPublishedSurvey(db, slug);
  if (survey) await discardDraft(db, survey.id, await readResumeToken(slug));
  await clearResumeToken(slug);
  return redirect({ href: `/s/${slug}/stopped`, locale: safeLocale(locale) });
}

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
export async function shareLocation(slug: string, input: unknown): Promise<{ ok: boolean }> {
  const parsed = locationSchema.safeParse(input);
  if (!parsed.success) return { ok: false };
  try {
    const survey = await getPublishedSurvey(db, slug);
    const draft = survey ? await findDraft(db, survey.id, await readResumeToken(slug)) : null;
    if (!draft) return { ok: false };
    const stored = await recordLocation(db, await getRequestConsent(), { responseId: draft.id, ...parsed.data });
    return { ok: stored !== null };
  } catch (error) {
    reportUnexpected(error, { action: 'shareLocation', slug });
    return { ok: false };
  }
}
