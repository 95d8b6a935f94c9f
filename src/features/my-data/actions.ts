'use server';

import { z } from 'zod';
import { db } from '@/server/db';
import { reportUnexpected } from '@/server/errors';
import { siteLinks, SiteNotConfiguredError } from '@/server/site-links';
import { reportCompromise } from './security-report';
import { requestVerification, verifyRequest, type VerificationOutcome } from './self-service';

/** Public actions of /my-data. Validation errors come back per field; nothing typed is lost. */
export type MyDataState = { ok?: boolean; fieldErrors?: Record<string, string>; error?: 'unexpected' | 'not_configured'; values?: Record<string, string> };

const fieldsOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')).map(([k, v]) => [k, String(v)]));

function failure(error: unknown, values: Record<string, string>, action: string): MyDataState {
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { fieldErrors, values };
  }
  // Production without PUBLIC_URL mails no links (logged by siteLinks); the user is told, in their language.
  if (error instanceof SiteNotConfiguredError) return { error: 'not_configured', values };
  reportUnexpected(error, { action });
  return { error: 'unexpected', values };
}

export async function askForMyData(locale: 'az' | 'en', _previous: MyDataState, formData: FormData): Promise<MyDataState> {
  const values = fieldsOf(formData);
  try {
    // The answer is the same whether or not data is held under the address (no account probing).
    await requestVerification(db, { email: values.email ?? '', type: (values.type ?? '') as never, details: values.details ?? '', locale }, await siteLinks());
  } catch (error) {
    return failure(error, values, 'askForMyData');
  }
  return { ok: true };
}

export async function confirmMyDataRequest(token: string, _previous: VerificationOutcome | null, _formData: FormData): Promise<VerificationOutcome | null> {
  return verifyRequest(db, token);
}

export async function reportSuspectedCompromise(locale: 'az' | 'en', _previous: MyDataState, formData: FormData): Promise<MyDataState> {
  const values = fieldsOf(formData);
  try {
    await reportCompromise(db, { description: values.description ?? '', contactEmail: values.contactEmail ?? '', locale });
  } catch (error) {
    return failure(error, values, 'reportSuspectedCompromise');
  }
  return { ok: true };
}
