'use server';

import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { db } from '@/server/db';
import { boundArg, publicButtonAction, staffFormAction, type ActionState } from '@/server/action';
import { revalidatePath } from 'next/cache';
import { optOut, sendInvitationsAs } from './invitations';
import { invitationMailing } from './mailing';

/** policy: P5.1 — the contact's "no more emails": honoured at once (invitations.ts optOut). */
export const optOutOfInvitations = publicButtonAction({ name: 'optOutOfInvitations', bound: z.tuple([boundArg.locale, boundArg.token]), limit: 'surveyStart' }, async ({ args: [locale, token] }) => {
  const done = await optOut(db, token);
  redirect({ href: { pathname: `/invitations/${token}/opt-out`, query: { done: done ? '1' : '0' } }, locale });
});

export type SendState = ActionState & { sent?: number; withoutEmail?: number; left?: number };

const sendArgs = z.tuple([boundArg.id, z.enum(['invite', 'remind'])]);

/** Staff send the invitations, or the reminders now due (invitations.ts sendInvitationsAs). */
export const sendInvitations = staffFormAction<typeof sendArgs, SendState>({ name: 'sendInvitations', roles: ['admin', 'analyst'], bound: sendArgs }, async ({ user, args: [surveyId, kind] }) => {
  const result = await sendInvitationsAs(db, user, surveyId, kind, await invitationMailing());
  revalidatePath('/[locale]/admin/surveys/[surveyId]/invitations', 'page');
  return { ok: true, ...result };
});
