'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { toLocale } from '@/i18n/routing';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { zonedEndOfDay, zonedStartOfDay } from '@/lib/dates';
import { siteLinks } from '@/server/site-links';
import { AuthError, requireRole } from '@/server/dal';
import { reportUnexpected } from '@/server/errors';
import { ExportLinkError, sendExportLinkAs } from '@/features/my-data/self-service';
import { markSecurityReportHandledAs } from '@/features/my-data/security-report';
import {
  eraseSubjectAs,
  findSubjectAs,
  markMinorAs,
  RectificationError,
  rectifyAnswerAs,
  setObjectionAs,
  setRestrictionAs,
  withdrawConsentAs,
} from './commands';
import { attachSubjectAs, extendRequestAs, registerRequestAs, RequestStateError, setRequestStatusAs } from './requests';
import { findSubject, isEmptySubject, type SubjectQueryKind } from './subject';
import { respondentsHandle, subjectPath, type SubjectHandle } from './subject-handle';

/** DPO actions: the role is checked here and again in every command (commands.ts, requests.ts). */
export type DpoFormState = { ok?: string; error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

const fieldsOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')).map(([k, v]) => [k, String(v).trim()]));

function failure(error: unknown, values: Record<string, string>, action: string): DpoFormState {
  if (error instanceof AuthError) return { error: 'forbidden', values };
  if (error instanceof z.ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
    return { error: 'form', fieldErrors, values };
  }
  if (error instanceof RectificationError || error instanceof RequestStateError || error instanceof ExportLinkError) return { error: error.code, values };
  reportUnexpected(error, { action });
  return { error: 'unexpected', values };
}

async function subjectOf(handle: SubjectHandle) {
  const subject = await findSubject(db, { kind: handle.kind, value: handle.id });
  // Erased (or never there): say so, rather than act on nobody.
  if (isEmptySubject(subject)) throw new RequestStateError('no_subject');
  return subject;
}

export async function searchSubject(locale: string, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  let path: string;
  try {
    const user = await requireRole('dpo');
    const kind = values.kind as SubjectQueryKind;
    const subject = await findSubjectAs(db, user, { kind, value: values.value ?? '' });
    if (isEmptySubject(subject)) return { error: 'no_subject', values };
    path = subject.respondentIds.length
      ? subjectPath(respondentsHandle(subject.respondentIds))
      : subjectPath({ kind: 'consent', id: (await db.consentRecord.findFirstOrThrow({ where: { subjectKey: subject.consentSubjectKeys[0] }, orderBy: { createdAt: 'desc' } })).id });
  } catch (error) {
    return failure(error, values, 'searchSubject');
  }
  return redirect({ href: path, locale: toLocale(locale) });
}

const SUBJECT_PAGE = '/[locale]/dpo/subjects/[kind]/[id]';

/** The one-click subject actions: restriction and objection on/off, consent withdrawal, discovered minor. */
export async function subjectAction(handle: SubjectHandle, action: 'restrict' | 'unrestrict' | 'object' | 'unobject' | 'withdraw' | 'minor', _previous: DpoFormState, _formData: FormData): Promise<DpoFormState> {
  try {
    const user = await requireRole('dpo');
    const subject = await subjectOf(handle);
    if (action === 'restrict' || action === 'unrestrict') await setRestrictionAs(db, user, subject, action === 'restrict');
    if (action === 'object' || action === 'unobject') await setObjectionAs(db, user, subject, action === 'object');
    if (action === 'withdraw') await withdrawConsentAs(db, user, subject);
    if (action === 'minor') await markMinorAs(db, user, subject);
  } catch (error) {
    return failure(error, {}, `subject.${action}`);
  }
  revalidatePath(SUBJECT_PAGE, 'page');
  return { ok: action };
}

export async function eraseSubject(locale: string, handle: SubjectHandle, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  if (values.confirm !== 'yes') return { error: 'confirm_required', values };
  try {
    await eraseSubjectAs(db, await requireRole('dpo'), await subjectOf(handle));
  } catch (error) {
    return failure(error, values, 'eraseSubject');
  }
  return redirect({ href: '/dpo?erased=1', locale: toLocale(locale) });
}

export async function rectifyAnswer(handle: SubjectHandle, answerId: string, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  try {
    await rectifyAnswerAs(db, await requireRole('dpo'), await subjectOf(handle), answerId, values.value ?? '', { timeZone: env.APP_TIME_ZONE });
  } catch (error) {
    return failure(error, values, 'rectifyAnswer');
  }
  revalidatePath(SUBJECT_PAGE, 'page');
  // No values back: the field shows the stored value (normalised, e.g. an upper-case postal code).
  return { ok: 'rectified' };
}

export async function registerRequest(locale: string, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  let id: string;
  try {
    const user = await requireRole('dpo');
    const subject = values.subjectValue ? await findSubject(db, { kind: values.subjectKind as SubjectQueryKind, value: values.subjectValue }) : null;
    const received = /^\d{4}-\d{2}-\d{2}$/.test(values.receivedAt ?? '') ? zonedStartOfDay(values.receivedAt!, env.APP_TIME_ZONE) : new Date(NaN);
    ({ id } = await registerRequestAs(db, user, {
      type: values.type as never,
      channel: values.channel as never,
      receivedAt: received,
      respondentIds: subject?.respondentIds ?? [],
      contactEmail: values.contactEmail ? values.contactEmail.toLowerCase() : null,
      details: values.details || null,
      locale: values.locale === 'en' ? 'en' : 'az',
    }));
  } catch (error) {
    return failure(error, values, 'registerRequest');
  }
  return redirect({ href: `/dpo/requests/${id}`, locale: toLocale(locale) });
}

const REQUEST_PAGE = '/[locale]/dpo/requests/[requestId]';

export async function extendRequest(requestId: string, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  try {
    const due = /^\d{4}-\d{2}-\d{2}$/.test(values.dueAt ?? '') ? zonedEndOfDay(values.dueAt!, env.APP_TIME_ZONE) : null;
    if (!due) return { error: 'form', fieldErrors: { dueAt: 'invalid_date' }, values };
    await extendRequestAs(db, await requireRole('dpo'), requestId, due, values.reason ?? '');
  } catch (error) {
    return failure(error, values, 'extendRequest');
  }
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'extended' };
}

export async function setRequestStatus(requestId: string, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  try {
    const status = values.status as 'in_progress' | 'completed' | 'refused';
    if (!['in_progress', 'completed', 'refused'].includes(status)) return { error: 'form', values };
    await setRequestStatusAs(db, await requireRole('dpo'), requestId, status, values.outcome || null, { mail: (await siteLinks()).mail });
  } catch (error) {
    return failure(error, values, 'setRequestStatus');
  }
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'status_saved' };
}

export async function attachSubject(requestId: string, _previous: DpoFormState, formData: FormData): Promise<DpoFormState> {
  const values = fieldsOf(formData);
  try {
    await attachSubjectAs(db, await requireRole('dpo'), requestId, { kind: values.kind as SubjectQueryKind, value: values.value ?? '' });
  } catch (error) {
    return failure(error, values, 'attachSubject');
  }
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'subject_attached' };
}

export async function sendExportLink(requestId: string, _previous: DpoFormState, _formData: FormData): Promise<DpoFormState> {
  try {
    await sendExportLinkAs(db, await requireRole('dpo'), requestId, await siteLinks());
  } catch (error) {
    return failure(error, {}, 'sendExportLink');
  }
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'export_link_sent' };
}

export async function markSecurityReportHandled(reportId: string): Promise<void> {
  try {
    await markSecurityReportHandledAs(db, await requireRole('dpo'), reportId);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
  }
  revalidatePath('/[locale]/dpo', 'page');
}
