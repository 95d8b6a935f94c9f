import { z } from 'zod';
import { databaseProvider, type Db } from '@/server/create-db';
import { effectiveRetentionDays, RETENTION_DAYS, type RetentionCategory } from '@/features/retention/rules';

/**
 * policy: P7.2 — who a data subject is, and everything held about them.
 *
 * A subject is the set of respondents found from one identifier, plus the consent subjects
 * (browser chains, see consent/subjects.ts) that are theirs alone. From an email or phone number:
 * every respondent who gave it, and for an email whoever signed in with a social account whose
 * provider verified that address (P3.5: a way to find one's own data later); from a respondent or response id: that respondent; from a consent
 * id: that browser, and the respondent holding it if exactly one does. Nothing else joins: not a
 * respondent met through a shared browser, device or consent key — a verified request covers
 * exactly the respondents whose own contact data matches. Such respondents are shown to the DPO
 * as unverified leads (`sameBrowserLeads`), never merged into an export or an erasure. The DPO's
 * pages name a subject by the respondent ids a search found (see subject-handle.ts), so the
 * subject seen, exported and erased is exactly the one found.
 */
export const SUBJECT_QUERY_KINDS = ['email', 'phone', 'respondent', 'consent', 'response'] as const;
export type SubjectQueryKind = (typeof SUBJECT_QUERY_KINDS)[number];
export const subjectQuerySchema = z.object({ kind: z.enum(SUBJECT_QUERY_KINDS, 'invalid_choice'), value: z.string().trim().min(1, 'required').max(4000, 'too_long') }).strict();

export type SubjectRef = {
  respondentIds: string[];
  consentSubjectKeys: string[];
  /**
   * policy: P7.2, P5.1 — the address the subject was found or verified by (an email search, a
   * verified request), when requests for help are held under it: such a request is held under its
   * address alone, also from someone who never took a survey. An address merely typed into a
   * contact field does not count (it may be someone else's).
   */
  supportEmails?: string[];
};

/** policy: P14.1 — where data that belongs to no Client (consent records, browser-level rows) is kept. */
export const OPERATOR_STORAGE_REGION = 'EU';

/** Stored emails are lower-cased; older rows may not be, so both spellings are looked up. */
export function emailVariants(raw: string): string[] {
  const trimmed = raw.trim();
  return [...new Set([trimmed, trimmed.toLowerCase()])];
}

/** Phone numbers are stored without spaces, brackets or hyphens (see the survey's phone schema). */
export function normalizePhone(raw: string): string {
  return raw.trim().replace(/[\s()-]/g, '');
}

/**
 * Respondents who gave one of these contact values. Written in SQL so that the literal category
 * meets the partial index on contact values (migration 20261203060000_subject_lookup_and_purge_indexes):
 * among millions of answers the search reads only the matching ones (bench/big-data.mts).
 */
async function respondentsWithContact(db: Db, type: 'email' | 'phone', values: string[]) {
  if (values.length === 0) return [];
  // At most two spellings (emailVariants); one is given twice when there is only one.
  const [first, second = first] = values as [string, string?];
  if (values.length > 2) throw new Error('respondentsWithContact: at most two values');
  // PostgreSQL: the value's text, one equality each (a hash index answers equalities, not IN
  // lists); SQLite: the stored JSON text itself.
  const rows =
    databaseProvider(db) === 'postgres'
      ? // Materialized first: otherwise the planner may AND the few matches with every answer to
        // the email question (a million, read from the questionId index) before joining.
        await db.$queryRaw<{ respondentId: string }[]>`
          WITH matched AS MATERIALIZED (
            SELECT "questionId", "responseId" FROM "Answer"
             WHERE "category" = 'contact' AND (("value" #>> '{}') = ${first} OR ("value" #>> '{}') = ${second}))
          SELECT r."respondentId" FROM matched a
            JOIN "Question" q ON q."id" = a."questionId"
            JOIN "Response" r ON r."id" = a."responseId"
           WHERE q."type"::text = ${type}`
      : await db.$queryRaw<{ respondentId: string }[]>`
          SELECT r."respondentId" FROM "Answer" a
            JOIN "Question" q ON q."id" = a."questionId"
            JOIN "Response" r ON r."id" = a."responseId"
           WHERE a."category" = 'contact' AND q."type" = ${type} AND a."value" IN (${JSON.stringify(first)}, ${JSON.stringify(second)})`;
  return rows.map((r) => r.respondentId);
}

/**
 * policy: P3.5, P7.2 — respondents who signed in with a social account whose provider verified
 * this address (an unverified one proves nothing about who holds it). The DPO's email search and a
 * verified self-service request both find a subject through it.
 */
export async function respondentsSignedInWith(db: Pick<Db, 'socialProfile'>, email: string): Promise<string[]> {
  const rows = await db.socialProfile.findMany({ where: { email: { in: emailVariants(email) }, emailVerified: true }, select: { respondentId: true } });
  return rows.map((r) => r.respondentId);
}

const sorted = (values: Iterable<string | null | undefined>) => [...new Set([...values].filter((v): v is string => !!v))].sort();

/**
 * The browser chains these respondents hold, split: `own` — held by none but them (theirs);
 * `shared` — also held by someone else (a browser two people used before chains were rotated:
 * theirs perhaps, not certainly); `others` — those other holders.
 */
export async function browsersOf(db: Db, respondentIds: string[], alsoKeys: string[] = []) {
  const held = respondentIds.length
    ? (await db.respondent.findMany({ where: { id: { in: respondentIds }, consentSubjectKey: { not: null } }, select: { consentSubjectKey: true } })).map((r) => r.consentSubjectKey)
    : [];
  const keys = sorted([...held, ...alsoKeys]);
  const others = keys.length
    ? await db.respondent.findMany({ where: { consentSubjectKey: { in: keys }, id: { notIn: respondentIds } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], select: { id: true, consentSubjectKey: true, createdAt: true } })
    : [];
  const sharedKeys = new Set(others.map((o) => o.consentSubjectKey));
  const heldKeys = sorted(held);
  return { own: heldKeys.filter((k) => !sharedKeys.has(k)), shared: heldKeys.filter((k) => sharedKeys.has(k)), others };
}

export async function findSubject(db: Db, query: z.input<typeof subjectQuerySchema>): Promise<SubjectRef> {
  const { kind, value } = subjectQuerySchema.parse(query);
  let respondentIds: string[] = [];
  let keys: string[] = [];
  if (kind === 'email') {
    // policy: P3.5, P7.2 — also whoever signed in with an account whose provider verified this
    // address (an unverified one proves nothing about who holds it).
    const [answered, signedIn] = await Promise.all([respondentsWithContact(db, 'email', emailVariants(value)), respondentsSignedInWith(db, value)]);
    respondentIds = [...answered, ...signedIn];
  }
  if (kind === 'phone') respondentIds = await respondentsWithContact(db, 'phone', [normalizePhone(value)]);
  // A respondent handle may list several ids (comma-separated): the subject an email search found.
  if (kind === 'respondent') return subjectOfRespondents(db, value.split(','));
  if (kind === 'response') respondentIds = (await db.response.findMany({ where: { id: value }, select: { respondentId: true } })).map((r) => r.respondentId);
  if (kind === 'consent') {
    const key = (await db.consentRecord.findUnique({ where: { id: value }, select: { subjectKey: true } }))?.subjectKey;
    if (key) {
      keys = [key];
      // The browser's respondent joins only when the browser is theirs alone.
      const holders = await db.respondent.findMany({ where: { consentSubjectKey: key }, select: { id: true }, take: 2 });
      if (holders.length === 1) respondentIds = [holders[0]!.id];
    }
  }
  respondentIds = sorted(respondentIds);
  const { own } = await browsersOf(db, respondentIds);
  // Requests for help and invitations held under the address searched for (P5.1): part of the subject.
  const supportEmails = kind === 'email' ? await addressesHoldingRecords(db, emailVariants(value)) : [];
  return { respondentIds, consentSubjectKeys: sorted([...keys, ...own]), ...(supportEmails.length ? { supportEmails } : {}) };
}

/**
 * Of these addresses, those under which records are held by the address alone — requests for help,
 * invitations to surveys (P5.1) — even for someone who never answered a survey.
 */
export async function addressesHoldingRecords(db: Pick<Db, 'supportRequest' | 'invitation'>, emails: string[]): Promise<string[]> {
  const [support, invited] = await Promise.all([
    db.supportRequest.findMany({ where: { email: { in: emails } }, select: { email: true }, distinct: ['email'] }),
    db.invitation.findMany({ where: { email: { in: emails } }, select: { email: true }, distinct: ['email'] }),
  ]);
  return sorted([...new Set([...support.map((r) => r.email), ...invited.flatMap((r) => (r.email ? [r.email] : []))])]);
}

/** The subject made of these respondents (those that still exist) and the browsers theirs alone. */
export async function subjectOfRespondents(db: Db, ids: string[]): Promise<SubjectRef> {
  const respondentIds = sorted((await db.respondent.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((r) => r.id));
  const { own } = await browsersOf(db, respondentIds);
  return { respondentIds, consentSubjectKeys: sorted(own) };
}

/**
 * policy: P7.2 — respondents who used a browser of this subject too: a lead for the DPO, not a
 * finding (one browser may serve a family or a café's customers). Never part of the subject.
 */
export async function sameBrowserLeads(db: Db, subject: SubjectRef) {
  const { others } = await browsersOf(db, subject.respondentIds, subject.consentSubjectKeys);
  const seen = new Set<string>();
  return others.filter((o) => !seen.has(o.id) && seen.add(o.id)).map((o) => ({ respondentId: o.id, startedAt: o.createdAt }));
}

/**
 * Which rows are the subject's (README: "One browser, several people"). `own` is what is certainly
 * theirs — shown and exported: their responses' rows; their own chains' consent records; the rows
 * their chains' records allowed that belong to no response (or to one of theirs). `reach` is what
 * may be theirs — erased with them: also the chains they shared with someone else (data from
 * before chains were rotated), and every row any of those records allowed, whatever response or
 * key it was filed under (without its consent record, a consent-based row has no basis left).
 */
export async function subjectScope(db: Db, subject: SubjectRef) {
  const { respondentIds, consentSubjectKeys } = subject;
  const responseIds = respondentIds.length ? (await db.response.findMany({ where: { respondentId: { in: respondentIds } }, select: { id: true } })).map((r) => r.id) : [];
  const { shared } = await browsersOf(db, respondentIds);
  const reachKeys = sorted([...consentSubjectKeys, ...shared]);
  const idsOf = async (keys: string[]) => (keys.length ? (await db.consentRecord.findMany({ where: { subjectKey: { in: keys } }, select: { id: true } })).map((c) => c.id) : []);
  const [ownConsentIds, reachConsentIds] = await Promise.all([idsOf(consentSubjectKeys), idsOf(reachKeys)]);
  const cites = (keys: string[], consentIds: string[]) => [{ subjectKey: { in: keys } }, { consentRecordId: { in: consentIds } }];
  return {
    responseIds,
    own: {
      keys: consentSubjectKeys,
      consentIds: ownConsentIds,
      /** UsageMetadata, FraudSignal, LocationFix. */
      consentRows: { OR: [{ responseId: { in: responseIds } }, { responseId: null, OR: cites(consentSubjectKeys, ownConsentIds) }] },
      sessionRows: { OR: cites(consentSubjectKeys, ownConsentIds) },
    },
    reach: {
      keys: reachKeys,
      consentIds: reachConsentIds,
      consentRows: { OR: [{ responseId: { in: responseIds } }, ...cites(reachKeys, reachConsentIds)] },
      sessionRows: { OR: cites(reachKeys, reachConsentIds) },
      consentRecords: { OR: [{ subjectKey: { in: reachKeys } }, { id: { in: reachConsentIds } }] },
    },
  };
}

export const isEmptySubject = (s: SubjectRef) => s.respondentIds.length === 0 && s.consentSubjectKeys.length === 0 && !s.supportEmails?.length;

const DAY_MS = 86_400_000;
const plusDays = (from: Date, days: number) => new Date(from.getTime() + days * DAY_MS);

/** Where a value came from: a survey of a Client, or (Client data, P4.4) a Client's upload. */
type Source = { survey: string; surveyTitle: unknown; client: string; storageRegion: string; upload?: { file: string; uploadedAt: Date } } | null;

export type HeldItem = {
  category: string;
  lawfulBasis: 'legitimate_interests' | 'consent';
  /** Which survey and Client the value came from (null: the service itself, e.g. the cookie banner). */
  source: Source;
  storageRegion: string;
  collectedAt: Date;
  /** When the retention rules delete it (P6.1); null when it is deleted at an event (e.g. abandoning a draft). */
  deleteBy: Date | null;
  /** Table and row id, so the DPO can act on one value (e.g. rectify it). */
  ref: { table: string; id: string; responseId?: string | null; consentId?: string };
  /** The value itself: an answer's value, or the row's fields. */
  value: unknown;
  field?: string;
  questionType?: string;
};

/**
 * Everything held about a subject, grouped by data category, each item with its lawful basis,
 * source, storage region and deletion date; plus the consent history and publication permissions.
 * The one reader behind the DPO's subject view and the export, so both show the same.
 */
export async function collectSubjectData(db: Db, subject: SubjectRef, now = new Date(), { verifiedEmailOnly = false } = {}) {
  const { respondentIds } = subject;
  const respondents = await db.respondent.findMany({
    where: { id: { in: respondentIds } },
    orderBy: { createdAt: 'asc' },
    select: { id: true, createdAt: true, deactivatedAt: true, restrictedAt: true, objectsToSharingAt: true, consentSubjectKey: true },
  });
  const responses = await db.response.findMany({
    where: { respondentId: { in: respondentIds } },
    orderBy: { startedAt: 'asc' },
    select: {
      id: true,
      respondentId: true,
      status: true,
      locale: true,
      startedAt: true,
      completedAt: true,
      abandonedAt: true,
      customerId: true,
      survey: {
        select: {
          slug: true,
          title: true,
          retentionContactDays: true,
          retentionDemographicDays: true,
          retentionAnswersDays: true,
          retentionDraftDays: true,
          client: { select: { name: true, storageRegion: true } },
        },
      },
      answers: {
        orderBy: { createdAt: 'asc' },
        select: {
          id: true,
          category: true,
          lawfulBasis: true,
          value: true,
          createdAt: true,
          question: { select: { key: true, type: true, prompt: true } },
          publication: { select: { grantedAt: true, revokedAt: true, policyVersion: { select: { version: true } } } },
        },
      },
      quotaMembers: { select: { id: true, quota: { select: { name: true } } } },
    },
  });
  const scope = await subjectScope(db, subject);
  const sourceOf = new Map<string, Source>(
    responses.map((r) => [r.id, { survey: r.survey.slug, surveyTitle: r.survey.title, client: r.survey.client.name, storageRegion: r.survey.client.storageRegion }]),
  );
  const regionOf = (responseId: string | null) => (responseId && sourceOf.get(responseId)?.storageRegion) || OPERATOR_STORAGE_REGION;
  // Rows collected under a consent that are certainly this subject's (see subjectScope).
  const { consentRows, sessionRows } = scope.own;

  // policy: P5.1, P7.2 — requests for help under the address the subject was found or verified
  // by; never under an address typed into a contact field, which may be someone else's.
  const supportEmails = subject.supportEmails ?? [];
  const [usage, fraud, location, session, social, support, consents, requests, clientData, rewards, entries, handovers] = await Promise.all([
    db.usageMetadata.findMany({ where: consentRows, orderBy: { collectedAt: 'asc' } }),
    db.fraudSignal.findMany({ where: consentRows, orderBy: { collectedAt: 'asc' } }),
    db.locationFix.findMany({ where: consentRows, orderBy: { collectedAt: 'asc' } }),
    db.sessionEvent.findMany({ where: sessionRows, orderBy: { collectedAt: 'asc' } }),
    // policy: P4.3 — a social sign-in's profile is the respondent's own (kept under their chain's consent).
    db.socialProfile.findMany({ where: { respondentId: { in: respondentIds } }, orderBy: { collectedAt: 'asc' } }),
    db.supportRequest.findMany({
      where: { email: { in: supportEmails } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, topic: true, message: true, email: true, locale: true, createdAt: true, lastActivityAt: true, closedAt: true, replies: { orderBy: { createdAt: 'asc' }, select: { body: true, createdAt: true } } },
    }),
    db.consentRecord.findMany({
      where: { subjectKey: { in: scope.own.keys } },
      orderBy: { createdAt: 'asc' },
      select: { id: true, subjectKey: true, createdAt: true, method: true, usage: true, fraud: true, sessionAnalytics: true, location: true, social: true, locale: true, policyVersion: { select: { version: true } } },
    }),
    respondentIds.length ? db.dataSubjectRequest.findMany({ orderBy: { receivedAt: 'asc' }, select: { id: true, type: true, status: true, receivedAt: true, dueAt: true, extendedDueAt: true, closedAt: true, respondentIds: true } }) : Promise.resolve([]),
    // policy: P4.4 — what Clients told about this respondent, with the upload it came with.
    db.clientDatum.findMany({
      // A self-service export proves only the address it was verified by: Client data matched by a
      // phone or a link's customer id — which anyone may type or edit — is given by the DPO, who
      // checks identity, never by a link (P7.2; README "Data from Clients").
      where: { respondentId: { in: respondentIds }, ...(verifiedEmailOnly ? { import: { matchKey: 'email' as const } } : {}) },
      orderBy: [{ createdAt: 'asc' }, { field: 'asc' }],
      select: { id: true, field: true, value: true, lawfulBasis: true, createdAt: true, client: { select: { name: true } }, import: { select: { fileName: true, uploadedAt: true, storageRegion: true } } },
    }),
    // policy: P8.1, P5.2 — rewards earned, draws entered, and every hand-over to a partner.
    db.reward.findMany({ where: { respondentId: { in: respondentIds } }, orderBy: { createdAt: 'asc' }, select: { id: true, responseId: true, kind: true, status: true, createdAt: true, sentAt: true, deliveredAt: true, voucher: { select: { code: true } } } }),
    db.sweepstakesEntry.findMany({ where: { respondentId: { in: respondentIds } }, orderBy: { enteredAt: 'asc' }, select: { id: true, responseId: true, enteredAt: true, wonAt: true } }),
    db.partnerHandover.findMany({ where: { respondentId: { in: respondentIds } }, orderBy: { at: 'asc' }, select: { id: true, partner: true, purpose: true, fields: true, at: true } }),
  ]);

  const items: HeldItem[] = [];
  for (const r of responses) {
    for (const a of r.answers) {
      const category = a.category as 'answers' | 'contact' | 'demographic';
      const override = { contact: r.survey.retentionContactDays, demographic: r.survey.retentionDemographicDays, answers: r.survey.retentionAnswersDays }[category];
      const deleteBy =
        r.status === 'completed' && r.completedAt
          ? plusDays(r.completedAt, effectiveRetentionDays(category, override))
          : r.abandonedAt
            ? plusDays(r.abandonedAt, effectiveRetentionDays('abandonedDrafts', r.survey.retentionDraftDays))
            : null;
      items.push({
        category,
        lawfulBasis: a.lawfulBasis,
        source: sourceOf.get(r.id) ?? null,
        storageRegion: regionOf(r.id),
        collectedAt: a.createdAt,
        deleteBy,
        ref: { table: 'Answer', id: a.id, responseId: r.id },
        field: a.question.key,
        questionType: a.question.type,
        value: a.value,
      });
    }
  }
  // policy: P5.1 — invitations to surveys: under the address the subject was found or verified by,
  // or the one that led to their response.
  const invitations = await db.invitation.findMany({
    where: { OR: [{ email: { in: supportEmails } }, { responseId: { in: responses.map((r) => r.id) } }] },
    orderBy: { createdAt: 'asc' },
    select: { id: true, email: true, phone: true, locale: true, linkValues: true, createdAt: true, invitedAt: true, remindersSent: true, optedOutAt: true, responseId: true, survey: { select: { slug: true, title: true, retentionContactDays: true, client: { select: { name: true, storageRegion: true } } } } },
  });
  for (const i of invitations) {
    items.push({
      category: 'contact',
      lawfulBasis: 'legitimate_interests',
      source: { survey: i.survey.slug, surveyTitle: i.survey.title, client: i.survey.client.name, storageRegion: i.survey.client.storageRegion },
      storageRegion: i.survey.client.storageRegion,
      collectedAt: i.createdAt,
      deleteBy: plusDays(i.createdAt, effectiveRetentionDays('contact', i.survey.retentionContactDays)),
      ref: { table: 'Invitation', id: i.id, responseId: i.responseId },
      field: 'invitation',
      value: { email: i.email, phone: i.phone, language: i.locale, linkValues: i.linkValues, invitedAt: i.invitedAt, reminders: i.remindersSent, optedOutAt: i.optedOutAt },
    });
  }
  // The quotas a completed response counted towards ("Women 25–34"): derived from its answers.
  for (const r of responses) {
    for (const m of r.quotaMembers) {
      items.push({
        category: 'demographic',
        lawfulBasis: 'legitimate_interests',
        source: sourceOf.get(r.id) ?? null,
        storageRegion: regionOf(r.id),
        collectedAt: r.completedAt ?? r.startedAt,
        deleteBy: r.completedAt ? plusDays(r.completedAt, effectiveRetentionDays('demographic', r.survey.retentionDemographicDays)) : null,
        ref: { table: 'QuotaMember', id: m.id, responseId: r.id },
        field: 'quota',
        value: m.quota.name,
      });
    }
  }
  const consentItem = (category: RetentionCategory, table: string, row: { id: string; consentRecordId: string; responseId?: string | null; collectedAt: Date }, value: unknown): HeldItem => ({
    category: category === 'sessionAnalytics' ? 'usage' : category,
    lawfulBasis: 'consent',
    source: (row.responseId && sourceOf.get(row.responseId)) || null,
    storageRegion: regionOf(row.responseId ?? null),
    collectedAt: row.collectedAt,
    deleteBy: plusDays(row.collectedAt, RETENTION_DAYS[category]),
    ref: { table, id: row.id, responseId: row.responseId ?? null, consentId: row.consentRecordId },
    value,
  });
  const withoutLinks = <T extends object>(row: T) => {
    const { id: _id, consentRecordId: _c, subjectKey: _s, responseId: _r, collectedAt: _t, ...rest } = row as Record<string, unknown>;
    return rest;
  };
  for (const u of usage) items.push(consentItem('usage', 'UsageMetadata', u, withoutLinks(u)));
  for (const f of fraud) items.push(consentItem('fraud', 'FraudSignal', f, withoutLinks(f)));
  for (const l of location) items.push(consentItem('location', 'LocationFix', l, withoutLinks(l)));
  for (const s of session) items.push(consentItem('sessionAnalytics', 'SessionEvent', s, withoutLinks(s)));
  for (const p of social) {
    const { respondentId: _r, ...profile } = withoutLinks(p);
    items.push(consentItem('social', 'SocialProfile', p, profile));
  }

  // policy: P4.4 — Client data: each field as its own value, sourced to the Client's upload.
  for (const d of clientData) {
    items.push({
      category: 'client',
      lawfulBasis: d.lawfulBasis,
      source: { survey: '', surveyTitle: null, client: d.client.name, storageRegion: d.import.storageRegion, upload: { file: d.import.fileName, uploadedAt: d.import.uploadedAt } },
      storageRegion: d.import.storageRegion,
      collectedAt: d.createdAt,
      deleteBy: plusDays(d.createdAt, RETENTION_DAYS.clientData),
      ref: { table: 'ClientDatum', id: d.id },
      field: d.field,
      value: d.value,
    });
  }
  // The Client's customer id a survey link carried: kept with its response, and goes with it.
  for (const r of responses) {
    if (!r.customerId) continue;
    items.push({
      category: 'client',
      lawfulBasis: 'legitimate_interests',
      source: sourceOf.get(r.id) ?? null,
      storageRegion: regionOf(r.id),
      collectedAt: r.startedAt,
      deleteBy: plusDays(r.startedAt, RETENTION_DAYS.customerIds),
      ref: { table: 'Response', id: `${r.id}:customerId`, responseId: r.id },
      field: 'customer_id',
      value: r.customerId,
    });
  }

  const rewardItem = (id: string, field: string, responseId: string | null, at: Date, value: unknown): HeldItem => ({
    category: 'rewards',
    lawfulBasis: 'legitimate_interests',
    source: (responseId && sourceOf.get(responseId)) || null,
    storageRegion: regionOf(responseId),
    collectedAt: at,
    deleteBy: plusDays(at, RETENTION_DAYS.rewards),
    ref: { table: field, id, responseId },
    field,
    value,
  });
  for (const r of rewards) items.push(rewardItem(r.id, 'reward', r.responseId, r.createdAt, { kind: r.kind, status: r.status, voucherCode: r.voucher?.code ?? null, sentAt: r.sentAt, deliveredAt: r.deliveredAt }));
  for (const e of entries) items.push(rewardItem(e.id, 'sweepstakes_entry', e.responseId, e.enteredAt, { wonAt: e.wonAt }));
  for (const h of handovers) items.push(rewardItem(h.id, 'partner_handover', null, h.at, { partner: h.partner, purpose: h.purpose, fields: (h.fields as string[]).join(', ') }));

  // policy: P5.1, P4.1 — requests for help, with the answers sent to them.
  for (const r of support) {
    items.push({
      category: 'support',
      lawfulBasis: 'legitimate_interests',
      source: null,
      storageRegion: OPERATOR_STORAGE_REGION,
      collectedAt: r.createdAt,
      deleteBy: plusDays(r.lastActivityAt, RETENTION_DAYS.support),
      ref: { table: 'SupportRequest', id: r.id },
      value: { topic: r.topic, message: r.message, email: r.email, locale: r.locale, closedAt: r.closedAt, replies: r.replies },
    });
  }

  const byCategory: Record<string, HeldItem[]> = {};
  for (const item of items) (byCategory[item.category] ??= []).push(item);

  const mine = new Set(respondentIds);
  return {
    generatedAt: now,
    subject,
    respondents,
    responses: responses.map((r) => ({
      id: r.id,
      respondentId: r.respondentId,
      survey: r.survey.slug,
      surveyTitle: r.survey.title,
      client: r.survey.client.name,
      storageRegion: r.survey.client.storageRegion,
      status: r.status,
      locale: r.locale,
      startedAt: r.startedAt,
      completedAt: r.completedAt,
    })),
    categories: byCategory,
    // Consent records are kept as proof of each choice (P4.2), not as data collected about the person.
    consents: consents.map((c) => ({ ...c, policyVersion: c.policyVersion.version, purpose: 'proof_of_consent', storageRegion: OPERATOR_STORAGE_REGION })),
    publicationPermissions: responses.flatMap((r) =>
      r.answers
        .filter((a) => a.publication)
        .map((a) => ({ answerId: a.id, survey: r.survey.slug, field: a.question.key, grantedAt: a.publication!.grantedAt, revokedAt: a.publication!.revokedAt, policyVersion: a.publication!.policyVersion.version })),
    ),
    requests: requests.filter((q) => (q.respondentIds as string[]).some((id) => mine.has(id))).map(({ respondentIds: _ids, ...q }) => q),
  };
}

export type SubjectData = Awaited<ReturnType<typeof collectSubjectData>>;

/** The language to write to the subject in: that of their latest response, else Azerbaijani. */
export function subjectLocale(data: SubjectData): 'az' | 'en' {
  const last = data.responses.at(-1)?.locale ?? data.consents.at(-1)?.locale;
  return last === 'en' ? 'en' : 'az';
}
