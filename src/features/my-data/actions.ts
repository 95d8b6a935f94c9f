'use server';

import { z } from 'zod';
import { db } from '@/server/db';
import { boundArg, publicFormAction, type ActionState } from '@/server/action';
import { siteLinks } from '@/server/site-links';
import { reportCompromise } from './security-report';
import { requestVerification, verifyRequest, type VerificationOutcome } from './self-service';

/** Public actions of /my-data. Validation errors come back per field; nothing typed is lost. */
export type MyDataState = ActionState;
export type ConfirmState = ActionState & { outcome?: VerificationOutcome };

const localeOnly = z.tuple([boundArg.locale]);

export const askForMyData = publicFormAction<typeof localeOnly, MyDataState>({ name: 'askForMyData', bound: localeOnly, limit: 'selfServiceRequest' }, async ({ args: [locale], fields }) => {
  // The answer is the same whether or not data is held under the address (no account probing).
  await requestVerification(db, { email: fields.email ?? '', type: (fields.type ?? '') as never, details: fields.details ?? '', locale }, await siteLinks());
});

const tokenOnly = z.tuple([boundArg.token]);

export const confirmMyDataRequest = publicFormAction<typeof tokenOnly, ConfirmState>({ name: 'confirmMyDataRequest', bound: tokenOnly }, async ({ args: [token] }) => ({
  outcome: await verifyRequest(db, token),
}));

export const reportSuspectedCompromise = publicFormAction<typeof localeOnly, MyDataState>({ name: 'reportSuspectedCompromise', bound: localeOnly, limit: 'compromiseReport' }, async ({ args: [locale], fields }) => {
  await reportCompromise(db, { description: fields.description ?? '', contactEmail: fields.contactEmail ?? '', locale });
});
