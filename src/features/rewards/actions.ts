'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { consentChainOfRequest } from '@/features/consent/server';
import { readCompletedResponse } from '@/features/survey/cookies';
import { boundArg, publicFormAction, staffButtonAction, staffFormAction, type ActionState } from '@/server/action';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { mailConfig } from '@/server/site-links';
import { enterSweepstakes, loadVoucherCodesAs, markRewardDeliveredAs, runDrawAs } from './rewards';

/** policy: P5.2 — the thank-you page's prize-draw form: entered only when the box is ticked. */
export type DrawEntryState = ActionState & { outcome?: 'entered' | 'no_email' | 'closed' | 'not_ticked' };

const slugAndLocale = z.tuple([boundArg.slug, boundArg.locale]);

export const enterDraw = publicFormAction<typeof slugAndLocale, DrawEntryState>(
  { name: 'enterDraw', bound: slugAndLocale, limit: 'sweepstakesEntry', limitSubject: consentChainOfRequest },
  async ({ args: [slug], fields }) => {
    if (fields.enter !== 'yes') return { outcome: 'not_ticked' };
    // Only the response this browser just finished (the signed thank-you cookie, one hour).
    const responseId = await readCompletedResponse(slug);
    const outcome = responseId ? await enterSweepstakes(db, responseId, slug) : 'closed';
    return { ok: outcome === 'entered', outcome };
  },
);

const ADMIN: ['admin'] = ['admin'];
const idOnly = z.tuple([boundArg.id]);
const PAGE = '/[locale]/admin/surveys/[surveyId]/rewards';

export type CodesState = ActionState & { loaded?: { loaded: number; skipped: number; sent: number } };

export const loadVoucherCodes = staffFormAction<typeof idOnly, CodesState>({ name: 'loadVoucherCodes', roles: ADMIN, bound: idOnly }, async ({ user, args: [surveyId], fields }) => {
  const loaded = await loadVoucherCodesAs(db, user, surveyId, fields.codes ?? '', mailConfig(), env.APP_TIME_ZONE);
  revalidatePath(PAGE, 'page');
  return { ok: true, loaded };
});

export const runDraw = staffFormAction({ name: 'runDraw', roles: ADMIN, bound: idOnly }, async ({ user, args: [surveyId], fields }) => {
  await runDrawAs(db, user, surveyId, { winners: fields.winners ?? '' }, mailConfig(), env.APP_TIME_ZONE);
  revalidatePath(PAGE, 'page');
});

export const markDelivered = staffButtonAction({ name: 'markRewardDelivered', roles: ADMIN, bound: idOnly }, async ({ user, args: [rewardId] }) => {
  await markRewardDeliveredAs(db, user, rewardId);
  revalidatePath(PAGE, 'page');
});
