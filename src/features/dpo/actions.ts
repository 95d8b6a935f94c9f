'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { redirect } from '@/i18n/navigation';
import { db } from '@/server/db';
import { env } from '@/server/env';
import { zonedEndOfDay, zonedStartOfDay } from '@/lib/dates';
import { mailConfig, siteLinks } from '@/server/site-links';
import { boundArg, Refusal, staffButtonAction, staffFormAction, type ActionState } from '@/server/action';
import { sendExportLinkAs } from '@/features/my-data/self-service';
import { markSecurityReportHandledAs } from '@/features/my-data/security-report';
import { eraseSubjectAs, findSubjectAs, markMinorAs, rectifyAnswerAs, removeClientValueAs, setObjectionAs, setRestrictionAs, withdrawConsentAs } from './commands';
import { attachSubjectAs, extendRequestAs, registerRequestAs, RequestStateError, setRequestStatusAs } from './requests';
import { findSubject, isEmptySubject, type SubjectQueryKind } from './subject';
import { handleForSearch, parseSubjectHandle, resolveSubjectHandle, SUBJECT_HANDLE_KINDS, subjectPath, type SubjectHandle } from './subject-handle';

/** DPO actions: the wrapper parses bound ids and checks the role; every command checks it again. */
export type DpoFormState = ActionState;

const DPO: ['dpo'] = ['dpo'];
const SUBJECT_PAGE = '/[locale]/dpo/subjects/[kind]/[id]';
const REQUEST_PAGE = '/[locale]/dpo/requests/[requestId]';

/** A subject as the DPO's page names it (subject-handle.ts). */
const subjectHandle = z
  .object({ kind: z.enum(SUBJECT_HANDLE_KINDS), id: z.string().max(2100) })
  .strict()
  .refine((h) => parseSubjectHandle(h.kind, h.id) !== null);

async function subjectOf(handle: SubjectHandle) {
  const subject = await resolveSubjectHandle(db, handle);
  // Erased (or never there, or a search handle gone stale): say so, rather than act on nobody.
  if (!subject || isEmptySubject(subject)) throw new RequestStateError('no_subject');
  return subject;
}

const trimmed = (fields: Record<string, string>) => Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.trim()]));

export const searchSubject = staffFormAction({ name: 'searchSubject', roles: DPO, bound: z.tuple([boundArg.locale]) }, async ({ user, args: [locale], fields }) => {
  const subject = await findSubjectAs(db, user, { kind: fields.kind as SubjectQueryKind, value: (fields.value ?? '').trim() });
  if (isEmptySubject(subject)) throw new Refusal('no_subject');
  const query = { kind: fields.kind ?? '', value: (fields.value ?? '').trim() };
  const path = subject.respondentIds.length || subject.supportEmails?.length
    ? subjectPath(await handleForSearch(query, subject))
    : subjectPath({ kind: 'consent', id: (await db.consentRecord.findFirstOrThrow({ where: { subjectKey: subject.consentSubjectKeys[0] }, orderBy: { createdAt: 'desc' } })).id });
  redirect({ href: path, locale });
});

const SUBJECT_ACTIONS = ['restrict', 'unrestrict', 'object', 'unobject', 'withdraw', 'minor'] as const;

/** The one-click subject actions: restriction and objection on/off, consent withdrawal, discovered minor. */
export const subjectAction = staffFormAction(
  { name: 'subjectAction', roles: DPO, bound: z.tuple([subjectHandle, z.enum(SUBJECT_ACTIONS)]) },
  async ({ user, args: [handle, action] }) => {
    const subject = await subjectOf(handle);
    if (action === 'restrict' || action === 'unrestrict') await setRestrictionAs(db, user, subject, action === 'restrict');
    if (action === 'object' || action === 'unobject') await setObjectionAs(db, user, subject, action === 'object');
    if (action === 'withdraw') await withdrawConsentAs(db, user, subject);
    if (action === 'minor') await markMinorAs(db, user, subject);
    revalidatePath(SUBJECT_PAGE, 'page');
    return { ok: action };
  },
);

export const eraseSubject = staffFormAction(
  { name: 'eraseSubject', roles: DPO, bound: z.tuple([boundArg.locale, subjectHandle]) },
  async ({ user, args: [locale, handle], fields }) => {
    if (fields.confirm !== 'yes') throw new Refusal('confirm_required');
    await eraseSubjectAs(db, user, await subjectOf(handle));
    redirect({ href: '/dpo?erased=1', locale });
  },
);

export const rectifyAnswer = staffFormAction(
  { name: 'rectifyAnswer', roles: DPO, bound: z.tuple([subjectHandle, boundArg.id]) },
  async ({ user, args: [handle, answerId], fields }) => {
    await rectifyAnswerAs(db, user, await subjectOf(handle), answerId, fields.value ?? '', { timeZone: env.APP_TIME_ZONE });
    revalidatePath(SUBJECT_PAGE, 'page');
    // No values back: the field shows the stored value (normalised, e.g. an upper-case postal code).
    return { ok: 'rectified' };
  },
);

export const removeClientValue = staffFormAction(
  { name: 'removeClientValue', roles: DPO, bound: z.tuple([subjectHandle, boundArg.id]) },
  async ({ user, args: [handle, datumId] }) => {
    await removeClientValueAs(db, user, await subjectOf(handle), datumId);
    revalidatePath(SUBJECT_PAGE, 'page');
    return { ok: 'clientValueRemoved' };
  },
);

export const registerRequest = staffFormAction({ name: 'registerRequest', roles: DPO, bound: z.tuple([boundArg.locale]) }, async ({ user, args: [locale], fields: raw }) => {
  const fields = trimmed(raw);
  const subject = fields.subjectValue ? await findSubject(db, { kind: fields.subjectKind as SubjectQueryKind, value: fields.subjectValue }) : null;
  const received = /^\d{4}-\d{2}-\d{2}$/.test(fields.receivedAt ?? '') ? zonedStartOfDay(fields.receivedAt!, env.APP_TIME_ZONE) : new Date(NaN);
  const { id } = await registerRequestAs(db, user, {
    type: fields.type as never,
    channel: fields.channel as never,
    receivedAt: received,
    respondentIds: subject?.respondentIds ?? [],
    contactEmail: fields.contactEmail ? fields.contactEmail.toLowerCase() : null,
    details: fields.details || null,
    locale: fields.locale === 'en' ? 'en' : 'az',
  });
  redirect({ href: `/dpo/requests/${id}`, locale });
});

const requestOnly = z.tuple([boundArg.id]);

export const extendRequest = staffFormAction({ name: 'extendRequest', roles: DPO, bound: requestOnly }, async ({ user, args: [requestId], fields: raw }) => {
  const fields = trimmed(raw);
  const due = /^\d{4}-\d{2}-\d{2}$/.test(fields.dueAt ?? '') ? zonedEndOfDay(fields.dueAt!, env.APP_TIME_ZONE) : null;
  if (!due) return { formError: 'form', fieldErrors: { dueAt: 'invalid_date' }, values: fields };
  await extendRequestAs(db, user, requestId, due, fields.reason ?? '');
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'extended' };
});

const REQUEST_STATUSES = ['in_progress', 'completed', 'refused'] as const;

export const setRequestStatus = staffFormAction({ name: 'setRequestStatus', roles: DPO, bound: requestOnly }, async ({ user, args: [requestId], fields: raw }) => {
  const fields = trimmed(raw);
  const status = z.enum(REQUEST_STATUSES).safeParse(fields.status);
  if (!status.success) return { fieldErrors: { status: 'status_required' }, values: fields };
  await setRequestStatusAs(db, user, requestId, status.data, fields.outcome || null, { mail: mailConfig() });
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'status_saved' };
});

export const attachSubject = staffFormAction({ name: 'attachSubject', roles: DPO, bound: requestOnly }, async ({ user, args: [requestId], fields: raw }) => {
  const fields = trimmed(raw);
  await attachSubjectAs(db, user, requestId, { kind: fields.kind as SubjectQueryKind, value: fields.value ?? '' });
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'subject_attached' };
});

export const sendExportLink = staffFormAction({ name: 'sendExportLink', roles: DPO, bound: requestOnly }, async ({ user, args: [requestId] }) => {
  await sendExportLinkAs(db, user, requestId, await siteLinks());
  revalidatePath(REQUEST_PAGE, 'page');
  return { ok: 'export_link_sent' };
});

export const markSecurityReportHandled = staffButtonAction({ name: 'markSecurityReportHandled', roles: DPO, bound: requestOnly }, async ({ user, args: [reportId] }) => {
  await markSecurityReportHandledAs(db, user, reportId);
  revalidatePath('/[locale]/dpo', 'page');
});
