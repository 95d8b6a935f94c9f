import type { Prisma } from '@/generated/sqlite';
import type { ConsentPurpose } from '@/features/consent/categories';
import type { RetentionCategory } from '@/features/retention/rules';

/**
 * policy: P6.1, P7.2, P11.1, P4.2 — the one register of tables that hold personal data
 * (DESIGN.md convention 16). Every deletion path — erasure, stop-and-discard, a discovered minor,
 * consent withdrawal and the retention purge — deletes through it, so a table added here is honoured
 * by all of them, and a model that holds personal data but is missing here fails a test
 * (tests/unit/deletion-register.test.ts reads the Prisma models).
 *
 * Entries are in deletion order (children before parents). For each table: how one subject's rows
 * are found, what they count as in the audit (counts only, never values), and which retention rule
 * removes them when nobody asks (rules.ts).
 */

/** Who is being deleted: everything below is found from these, never from a shared browser alone. */
export type DeletionScope = {
  respondentIds: string[];
  responseIds: string[];
  /** Consent subjects (browsers) whose consent-based rows and consent records go. */
  subjectKeys: string[];
  /** Consent records whose rows go, also when a row names the record but not the browser. */
  consentIds: string[];
  /** Addresses whose mail, verification links and request contact fields go. */
  emails: string[];
  /** Requests whose personal fields are cleared (their download links then die: self-service.ts). */
  requestIds: string[];
  /**
   * Addresses whose requests for help go: only one the subject was found or verified by — never
   * any address typed into a contact field, which may be someone else's (P5.1, P7.2).
   */
  supportEmails: string[];
  /**
   * Invitations the subject's responses answered: the invitation and its mail go with them, also
   * when its address is nowhere else in their record (they gave none in the survey).
   */
  invitationIds: string[];
};

export type Tx = Prisma.TransactionClient;

/** How a table's rows leave when nobody asks: a retention rule, or together with their parent row. */
export type Retention = { rule: RetentionCategory } | { withParent: string };

type TableOps = {
  findMany(args: { where: object; select: { id: true; collectedAt?: true }; take: number; orderBy?: object[] }): Prisma.PrismaPromise<{ id: string; collectedAt?: Date }[]>;
  deleteMany(args: { where: object }): Prisma.PrismaPromise<{ count: number }>;
  updateMany(args: { where: object; data: object }): Prisma.PrismaPromise<{ count: number }>;
};

export type RegisterEntry = {
  /** The Prisma model name. */
  model: string;
  /** The key in audit counts. */
  count: string;
  /** What personal data it holds (documentation, and the reason it is here). */
  holds: string;
  retention: Retention;
  table: (tx: Tx) => TableOps;
  /** The subject's rows; null when the scope cannot reach this table. */
  rowsOf: (scope: DeletionScope) => object | null;
  /** Instead of deleting, clear these fields (a record that must outlive the person, e.g. the requests register). */
  clear?: Record<string, null>;
  /** Consent-based tables: the consent category whose withdrawal removes them (P4.2). */
  consentCategory?: ConsentPurpose;
};

const some = (ids: string[]) => ids.length > 0;
const anyOf = (...clauses: (object | null)[]) => {
  const present = clauses.filter((c): c is object => c !== null);
  return present.length ? { OR: present } : null;
};
/** Consent records of the scope: by browser key or by id. */
const byConsent = (s: DeletionScope) =>
  [some(s.subjectKeys) ? { subjectKey: { in: s.subjectKeys } } : null, some(s.consentIds) ? { consentRecordId: { in: s.consentIds } } : null];
/** Rows collected under a consent: by the browser, by the record cited, or by the response they describe. */
const consentRows = (s: DeletionScope) => anyOf(...byConsent(s), some(s.responseIds) ? { responseId: { in: s.responseIds } } : null);

export const DELETION_REGISTER: RegisterEntry[] = [
  {
    model: 'PublicationPermission',
    count: 'publicationPermissions',
    holds: 'permission to publish a comment (P3.3), tied to the answer',
    retention: { withParent: 'Answer' },
    table: (tx) => tx.publicationPermission as unknown as TableOps,
    rowsOf: (s) => (some(s.responseIds) ? { answer: { responseId: { in: s.responseIds } } } : null),
  },
  {
    model: 'Answer',
    count: 'answers',
    holds: 'answers, contact and demographic values',
    retention: { rule: 'answers' },
    table: (tx) => tx.answer as unknown as TableOps,
    rowsOf: (s) => (some(s.responseIds) ? { responseId: { in: s.responseIds } } : null),
  },
  {
    model: 'UsageMetadata',
    count: 'usage',
    holds: 'IP address, host, device, browser, referrer (consent)',
    retention: { rule: 'usage' },
    table: (tx) => tx.usageMetadata as unknown as TableOps,
    rowsOf: consentRows,
    consentCategory: 'usage',
  },
  {
    model: 'FraudSignal',
    count: 'fraud',
    holds: 'device fingerprint traits (consent)',
    retention: { rule: 'fraud' },
    table: (tx) => tx.fraudSignal as unknown as TableOps,
    rowsOf: consentRows,
    consentCategory: 'fraud',
  },
  {
    model: 'LocationFix',
    count: 'location',
    holds: 'precise position (consent and browser permission)',
    retention: { rule: 'location' },
    table: (tx) => tx.locationFix as unknown as TableOps,
    rowsOf: consentRows,
    consentCategory: 'location',
  },
  {
    model: 'SessionEvent',
    count: 'sessionAnalytics',
    holds: 'pages, clicks, scroll depth, time (consent)',
    retention: { rule: 'sessionAnalytics' },
    table: (tx) => tx.sessionEvent as unknown as TableOps,
    rowsOf: (s) => anyOf(...byConsent(s)),
    consentCategory: 'sessionAnalytics',
  },
  {
    model: 'SocialProfile',
    count: 'socialProfiles',
    holds: 'name, email and picture from a social sign-in, and the provider’s id of the person (consent, P4.3)',
    retention: { rule: 'social' },
    table: (tx) => tx.socialProfile as unknown as TableOps,
    rowsOf: (s) => anyOf(...byConsent(s), some(s.respondentIds) ? { respondentId: { in: s.respondentIds } } : null),
    consentCategory: 'social',
  },
  {
    model: 'PartnerHandover',
    count: 'partnerHandovers',
    holds: 'that a respondent’s email went to a reward partner: to whom, when, which fields (P5.2)',
    retention: { rule: 'rewards' },
    table: (tx) => tx.partnerHandover as unknown as TableOps,
    rowsOf: (s) => (some(s.respondentIds) ? { respondentId: { in: s.respondentIds } } : null),
  },
  {
    model: 'Reward',
    count: 'rewards',
    holds: 'the reward a completed response earned and how it was delivered (P8.1)',
    retention: { rule: 'rewards' },
    table: (tx) => tx.reward as unknown as TableOps,
    rowsOf: (s) => (some(s.respondentIds) ? { respondentId: { in: s.respondentIds } } : null),
  },
  {
    model: 'SweepstakesEntry',
    count: 'sweepstakesEntries',
    holds: 'a prize-draw entry the respondent chose to make, and whether it won (P5.2)',
    retention: { rule: 'rewards' },
    table: (tx) => tx.sweepstakesEntry as unknown as TableOps,
    rowsOf: (s) => (some(s.respondentIds) ? { respondentId: { in: s.respondentIds } } : null),
  },
  {
    model: 'ClientDatum',
    count: 'clientData',
    holds: 'what a Client told about its customer: loyalty membership, tier, transactions (legitimate interests, P4.4)',
    retention: { rule: 'clientData' },
    table: (tx) => tx.clientDatum as unknown as TableOps,
    rowsOf: (s) => (some(s.respondentIds) ? { respondentId: { in: s.respondentIds } } : null),
  },
  {
    model: 'Invitation',
    count: 'invitations',
    holds: 'a contact invited to a survey: email or phone, language, the link’s hidden values, what was sent, an opt-out',
    retention: { rule: 'invitations' },
    table: (tx) => tx.invitation as unknown as TableOps,
    // By the address, or by the response it led to (scope.invitationIds are those: their mail goes too).
    rowsOf: (s) => anyOf(some(s.emails) ? { email: { in: s.emails } } : null, some(s.responseIds) ? { responseId: { in: s.responseIds } } : null),
  },
  {
    model: 'QuotaMember',
    count: 'quotaMembers',
    holds: 'which quota a completed response counted towards (derived from its answers, e.g. "women 25–34")',
    // What it says is as personal as the demographic answers it was derived from: it goes with them.
    retention: { rule: 'quotaMembers' },
    table: (tx) => tx.quotaMember as unknown as TableOps,
    rowsOf: (s) => (some(s.responseIds) ? { responseId: { in: s.responseIds } } : null),
  },
  {
    model: 'Response',
    count: 'responses',
    holds: 'when and in which language a survey was taken',
    retention: { rule: 'responses' },
    table: (tx) => tx.response as unknown as TableOps,
    rowsOf: (s) => (some(s.responseIds) ? { id: { in: s.responseIds } } : null),
  },
  {
    model: 'ConsentRecord',
    count: 'consentRecords',
    holds: 'proof of each cookie choice, by pseudonymous browser key',
    retention: { rule: 'consentRecords' },
    table: (tx) => tx.consentRecord as unknown as TableOps,
    rowsOf: (s) => anyOf(some(s.subjectKeys) ? { subjectKey: { in: s.subjectKeys } } : null, some(s.consentIds) ? { id: { in: s.consentIds } } : null),
  },
  {
    model: 'Respondent',
    count: 'browserLinksCleared',
    holds: 'other respondents’ link to a browser erased with this subject (they keep their answers)',
    retention: { rule: 'respondents' },
    table: (tx) => tx.respondent as unknown as TableOps,
    rowsOf: (s) => (some(s.subjectKeys) ? { consentSubjectKey: { in: s.subjectKeys }, id: { notIn: s.respondentIds } } : null),
    clear: { consentSubjectKey: null },
  },
  {
    model: 'Respondent',
    count: 'respondents',
    holds: 'the pseudonymous data subject and its browser link',
    retention: { rule: 'respondents' },
    table: (tx) => tx.respondent as unknown as TableOps,
    rowsOf: (s) => (some(s.respondentIds) ? { id: { in: s.respondentIds } } : null),
  },
  {
    model: 'SubjectVerification',
    count: 'verifications',
    holds: 'an email address and what was asked',
    retention: { rule: 'expiredLinks' },
    table: (tx) => tx.subjectVerification as unknown as TableOps,
    rowsOf: (s) => (some(s.emails) ? { email: { in: s.emails } } : null),
  },
  {
    model: 'OutboxMessage',
    count: 'mail',
    holds: 'an address and a message to it',
    retention: { rule: 'mail' },
    table: (tx) => tx.outboxMessage as unknown as TableOps,
    rowsOf: (s) => anyOf(some(s.emails) ? { to: { in: s.emails } } : null, some(s.invitationIds) ? { invitationId: { in: s.invitationIds } } : null),
  },
  {
    model: 'DataSubjectRequest',
    count: 'requestsCleared',
    holds: 'the subject’s address and own words; the register entry itself stays (P7.2 accountability)',
    retention: { rule: 'requestContact' },
    table: (tx) => tx.dataSubjectRequest as unknown as TableOps,
    rowsOf: (s) => (some(s.requestIds) ? { id: { in: s.requestIds } } : null),
    clear: { contactEmail: null, details: null },
  },
  {
    model: 'SupportReply',
    count: 'supportReplies',
    holds: 'answers staff sent to a person’s request for help',
    retention: { withParent: 'SupportRequest' },
    table: (tx) => tx.supportReply as unknown as TableOps,
    rowsOf: (s) => (some(s.supportEmails) ? { request: { email: { in: s.supportEmails } } } : null),
  },
  {
    model: 'SupportRequest',
    count: 'supportRequests',
    holds: 'a request for help: topic, message and the address for the answer (P5.1)',
    retention: { rule: 'support' },
    table: (tx) => tx.supportRequest as unknown as TableOps,
    rowsOf: (s) => (some(s.supportEmails) ? { email: { in: s.supportEmails } } : null),
  },
  {
    model: 'SecurityReport',
    count: 'securityReportsCleared',
    holds: 'a reporter’s address and description (P13.1)',
    retention: { rule: 'securityReports' },
    table: (tx) => tx.securityReport as unknown as TableOps,
    rowsOf: (s) => (some(s.emails) ? { contactEmail: { in: s.emails } } : null),
    clear: { contactEmail: null },
  },
];

/**
 * Tables that hold personal data of nobody a subject request can name (client addresses of
 * anonymous requests): only their retention rule removes them.
 */
export const PURGED_BY_RULE_ONLY: Record<string, RetentionCategory> = {
  LoginThrottle: 'loginThrottle',
  RateLimitBucket: 'rateLimits',
  // A token hash and its request: it dies with the request's subject (my-data/self-service.ts), and
  // stays until it expires so the subject reads why.
  ExportLink: 'expiredLinks',
};

/**
 * Models that hold no personal data of respondents, each with the reason. A model is in the
 * register, purged by a rule only, or here — the test accepts nothing else.
 */
export const NOT_PERSONAL: Record<string, string> = {
  Client: 'the Client organisation (a business, not a data subject)',
  Survey: 'the questionnaire itself',
  Section: 'part of the questionnaire',
  Question: 'part of the questionnaire',
  Quota: 'a quota of the questionnaire: name, condition and limit set by staff',
  PolicyVersion: 'the published privacy policy texts',
  StaffUser: 'staff accounts: kept while the account exists, disabled by an admin (staff, not respondents)',
  AuditEvent: 'accountability record (P7.2): actor, action, pseudonymous target and counts, never values; append-only',
  JobLease: 'which app instance runs a background job, and until when',
  VoucherCode: 'a voucher code staff loaded; once given it stays used (the reward it went to goes with the subject)',
  SweepstakesDraw: 'a draw’s seed, the digest of its entries and counts (winners are marked on their entries)',
  ClientDataImport: 'one upload of Client data: Client, file name, who and when, counts and the line numbers of errors — no value of any row',
  PublicationFeedKey: 'a Client’s key to its publication feed: the key’s hash, a label, who issued it (a business credential)',
};
