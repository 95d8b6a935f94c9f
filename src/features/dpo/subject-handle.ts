import { createHmac } from 'node:crypto';
import { sealData, unsealData } from 'iron-session';
import type { Db } from '@/server/create-db';
import { env } from '@/server/env';
import { addressesHoldingRecords, findSubject, subjectOfRespondents, type SubjectRef } from './subject';

/**
 * How a subject appears in a DPO page's address — never by an email or phone number, which would
 * end up in logs and browser history:
 * - `respondent` — the respondent ids a search found, comma-separated (at most 50: an address
 *   has to stay short);
 * - `consent` — a consent record id (a browser);
 * - `request` — a registered request: the respondents fixed at its registration, however many;
 * - `search` — an email or phone search whose subject is too large for the first kind: the query
 *   sealed (encrypted and signed, iron-session) under a key derived from APP_SECRET, valid for a
 *   staff session's length, and searched again whenever the page is opened.
 */
export const SUBJECT_HANDLE_KINDS = ['respondent', 'consent', 'request', 'search'] as const;
export type SubjectHandle = { kind: (typeof SUBJECT_HANDLE_KINDS)[number]; id: string };

export const MAX_LISTED_RESPONDENTS = 50;
const SEARCH_TTL_SECONDS = 8 * 60 * 60;

const ID = '[A-Za-z0-9_-]{1,64}';
const HANDLE_ID: Record<SubjectHandle['kind'], RegExp> = {
  respondent: new RegExp(`^${ID}(,${ID}){0,${MAX_LISTED_RESPONDENTS - 1}}$`),
  consent: new RegExp(`^${ID}$`),
  request: new RegExp(`^${ID}$`),
  search: /^Fe26\.2\*[A-Za-z0-9*_~.-]{20,2000}$/,
};

export function subjectPath(handle: SubjectHandle) {
  return `/dpo/subjects/${handle.kind}/${handle.id}`;
}

export function parseSubjectHandle(kind: string, id: string): SubjectHandle | null {
  if (!(SUBJECT_HANDLE_KINDS as readonly string[]).includes(kind)) return null;
  const handle = { kind: kind as SubjectHandle['kind'], id };
  return HANDLE_ID[handle.kind].test(id) ? handle : null;
}

/** One respondent (or a few): their ids, readable in the address. */
export function respondentsHandle(respondentIds: string[]): SubjectHandle {
  if (respondentIds.length === 0 || respondentIds.length > MAX_LISTED_RESPONDENTS) throw new Error(`respondentsHandle: ${respondentIds.length} ids`);
  return { kind: 'respondent', id: respondentIds.join(',') };
}

export function requestHandle(requestId: string): SubjectHandle {
  return { kind: 'request', id: requestId };
}

type SealedSearch = { kind: 'email' | 'phone'; value: string };
const sealPassword = () => createHmac('sha256', env.APP_SECRET).update('sorgu dpo subject search v1').digest('hex');

/** The handle of what a DPO search found: its respondent ids when they fit, else the sealed query. */
export async function handleForSearch(query: { kind: string; value: string }, subject: SubjectRef): Promise<SubjectHandle> {
  // A subject holding requests for help under the address searched keeps that address (sealed): the
  // respondent ids alone would not find a request sent from an address they never answered with.
  if (!subject.supportEmails?.length && subject.respondentIds.length > 0 && subject.respondentIds.length <= MAX_LISTED_RESPONDENTS) return respondentsHandle(subject.respondentIds);
  if (query.kind !== 'email' && query.kind !== 'phone') throw new Error(`handleForSearch: a ${query.kind} search finds at most one respondent`);
  const sealed: SealedSearch = { kind: query.kind, value: query.value };
  return { kind: 'search', id: await sealData(sealed, { password: sealPassword(), ttl: SEARCH_TTL_SECONDS }) };
}

/** The subject a handle names today; null when it names nothing (a sealed search forged, altered or expired). */
export async function resolveSubjectHandle(db: Db, handle: SubjectHandle): Promise<SubjectRef | null> {
  switch (handle.kind) {
    case 'respondent':
    case 'consent':
      return findSubject(db, { kind: handle.kind, value: handle.id });
    case 'request': {
      const request = await db.dataSubjectRequest.findUnique({ where: { id: handle.id }, select: { respondentIds: true, contactEmail: true, channel: true } });
      const ids = Array.isArray(request?.respondentIds) ? request.respondentIds.filter((id): id is string => typeof id === 'string') : [];
      // A self-service request's address was verified: its requests for help are the subject's too.
      const verified = request?.channel === 'self_service' && request.contactEmail ? [request.contactEmail] : [];
      const held = verified.length ? await addressesHoldingRecords(db, verified) : [];
      const support = held.length ? { supportEmails: held } : {};
      if (!ids.length) return 'supportEmails' in support ? { respondentIds: [], consentSubjectKeys: [], ...support } : null;
      return { ...(await subjectOfRespondents(db, ids)), ...support };
    }
    case 'search': {
      // iron-session answers {} for a token it cannot open (tampered, another key, expired).
      const query = await unsealData<Partial<SealedSearch>>(handle.id, { password: sealPassword(), ttl: SEARCH_TTL_SECONDS }).catch(() => ({}) as Partial<SealedSearch>);
      return (query.kind === 'email' || query.kind === 'phone') && typeof query.value === 'string' ? findSubject(db, { kind: query.kind, value: query.value }) : null;
    }
  }
}
