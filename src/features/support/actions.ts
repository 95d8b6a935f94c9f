'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { consentChainOfRequest } from '@/features/consent/server';
import { boundArg, publicFormAction, staffButtonAction, staffFormAction, type ActionState } from '@/server/action';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { mailConfig } from '@/server/site-links';
import { closeSupportRequestAs, replyToSupportRequestAs, sendSupportRequest } from './requests';

/** policy: P5.1 — a request for help, from every public page (/support). */
export type SupportState = ActionState & { reference?: string; answerable?: boolean };

const localeOnly = z.tuple([boundArg.locale]);

export const askForHelp = publicFormAction<typeof localeOnly, SupportState>(
  { name: 'askForHelp', bound: localeOnly, limit: 'supportRequest', limitSubject: consentChainOfRequest },
  async ({ args: [locale], fields }) => {
    const { id } = await sendSupportRequest(db, { topic: (fields.topic ?? '') as never, message: fields.message ?? '', email: fields.email ?? '', locale });
    // The reference a person can quote: the end of the id, never the message or the address.
    return { ok: true, reference: id.slice(-8).toUpperCase(), answerable: Boolean(fields.email?.trim()) };
  },
);

const ADMIN: ['admin'] = ['admin'];
const requestOnly = z.tuple([boundArg.id]);
const QUEUE = '/[locale]/admin/support';

export const replyToSupport = staffFormAction<typeof requestOnly, ActionState>({ name: 'replyToSupport', roles: ADMIN, bound: requestOnly }, async ({ user, args: [id], fields }) => {
  await replyToSupportRequestAs(db, user, id, { body: fields.body ?? '', replyKey: fields.replyKey || undefined }, mailConfig(), env.APP_TIME_ZONE);
  revalidatePath(`${QUEUE}/[requestId]`, 'page');
  revalidatePath(QUEUE, 'page');
});

export const closeSupport = staffButtonAction({ name: 'closeSupport', roles: ADMIN, bound: requestOnly }, async ({ user, args: [id] }) => {
  await closeSupportRequestAs(db, user, id);
  revalidatePath(`${QUEUE}/[requestId]`, 'page');
  revalidatePath(QUEUE, 'page');
});
