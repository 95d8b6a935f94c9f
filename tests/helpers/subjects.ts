import { randomUUID } from 'node:crypto';
import type { Db } from '@/server/create-db';

/**
 * Seeds one data subject with a value in every category the service holds: a completed response
 * to the demo survey (answers, a publishable comment with permission, contact email and phone,
 * demographics), a consent record and consent-based rows (usage, fraud, location, session, a
 * social sign-in profile), and what the Client told about them (a customer id from the survey
 * link and a Client field from an upload), a reward handed over to a partner and a prize-draw entry.
 * Every personal value contains `marker`, so a scan of all tables can find (or miss) them.
 */
export async function seedFullSubject(db: Db, marker: string, options: { locale?: 'az' | 'en'; completedAt?: Date; subjectKey?: string } = {}) {
  const survey = await db.survey.findUniqueOrThrow({ where: { slug: 'cafe-visit' }, include: { questions: true } });
  const q = Object.fromEntries(survey.questions.map((x) => [x.key, x]));
  const policy = await db.policyVersion.findFirstOrThrow({ orderBy: { version: 'desc' } });
  // `subjectKey` reuses another subject's browser key: data from before keys were rotated, when
  // two people who used one browser could share it.
  const subjectKey = options.subjectKey ?? `key-${marker}-${randomUUID()}`;
  const consent = await db.consentRecord.create({
    data: { subjectKey, policyVersionId: policy.id, usage: true, fraud: true, sessionAnalytics: true, location: true, social: true, method: 'accept_all', locale: options.locale ?? 'en' },
  });
  const respondent = await db.respondent.create({ data: { consentSubjectKey: subjectKey } });
  const completedAt = options.completedAt ?? new Date();
  const response = await db.response.create({
    data: { surveyId: survey.id, respondentId: respondent.id, status: 'completed', locale: options.locale ?? 'en', completedAt, customerId: `cust-${marker}` },
  });
  const answer = (key: string, category: 'answers' | 'contact' | 'demographic', value: unknown) =>
    db.answer.create({ data: { responseId: response.id, questionId: q[key]!.id, category, lawfulBasis: 'legitimate_interests', value: value as never } });
  await answer('branch', 'answers', 'nizami');
  await answer('overall_rating', 'answers', 4);
  const comment = await answer('comment', 'answers', `Comment by ${marker}`);
  await db.publicationPermission.create({ data: { answerId: comment.id, policyVersionId: policy.id, grantedAt: new Date(), includesRating: true } });
  const email = `${marker}@example.az`;
  const phone = `+99450${String(Math.abs(hash(marker)) % 10_000_000).padStart(7, '0')}`;
  await answer('email', 'contact', email);
  await answer('phone', 'contact', phone);
  await answer('postal_code', 'demographic', `AZ${marker.slice(0, 4).toUpperCase()}`);
  await answer('gender', 'demographic', 'female');
  const rows = { consentRecordId: consent.id, subjectKey, responseId: response.id };
  await db.usageMetadata.create({ data: { ...rows, ipAddress: `10.0.0.${Math.abs(hash(marker)) % 250}`, host: `host-${marker}.example`, browser: 'Chrome', referrer: `https://ref-${marker}.example/` } });
  await db.fraudSignal.create({ data: { ...rows, fingerprint: `fp-${marker}`, traits: { canvas: `canvas-${marker}` } } });
  await db.locationFix.create({ data: { ...rows, latitude: 40.4, longitude: 49.8 } });
  await db.sessionEvent.create({ data: { consentRecordId: consent.id, subjectKey, path: `/en/s/cafe-visit?${marker}`, clicks: 3, maxScrollPercent: 80, durationMs: 1000 } });
  await db.socialProfile.create({
    data: {
      consentRecordId: consent.id,
      subjectKey,
      respondentId: respondent.id,
      provider: 'demoid',
      issuer: 'https://id.example',
      externalId: `sub-${marker}`,
      name: `Name ${marker}`,
      email: `${marker}.social@example.az`,
      emailVerified: true,
      pictureUrl: `https://pictures.example/${marker}.png`,
    },
  });
  const upload = await db.clientDataImport.create({
    data: { clientId: survey.clientId, matchKey: 'customer_id', fileName: 'loyalty.csv', uploadedById: 'seed', uploadedAt: new Date(), status: 'imported', fields: ['tier'], rowCount: 1, matchedRows: 1, storageRegion: 'EU' },
  });
  await db.clientDatum.create({ data: { clientId: survey.clientId, respondentId: respondent.id, importId: upload.id, field: 'tier', value: `tier-${marker}`, createdAt: new Date() } });
  const reward = await db.reward.create({ data: { surveyId: survey.id, responseId: response.id, respondentId: respondent.id, kind: 'loyalty_bonus', status: 'handed_over', createdAt: completedAt } });
  await db.partnerHandover.create({ data: { respondentId: respondent.id, rewardId: reward.id, partner: 'Demo Loyalty Club', purpose: 'reward_delivery', fields: ['email'], at: completedAt, byId: 'seed' } });
  await db.sweepstakesEntry.create({ data: { surveyId: survey.id, responseId: response.id, respondentId: respondent.id, enteredAt: completedAt } });
  // The quota this response counted towards (issue 13): it goes with the response.
  const quota =
    (await db.quota.findFirst({ where: { surveyId: survey.id, name: 'fixture quota' } })) ??
    (await db.quota.create({ data: { surveyId: survey.id, name: 'fixture quota', condition: { q: 'branch', op: 'answered' }, limit: 1_000_000 } }));
  await db.quotaMember.create({ data: { quotaId: quota.id, responseId: response.id } });
  // The invitation that led to the response (issue 13, part 4): the address and the link's values.
  // (Its own address each time: one subject may be seeded as many respondents, one list holds each address once.)
  const invitedEmail = `${marker}.invited.${randomUUID().slice(0, 8)}@example.az`;
  await db.invitation.create({
    data: { surveyId: survey.id, email: invitedEmail, locale: options.locale ?? 'en', tokenHash: `invitation-${marker}-${randomUUID()}`, responseId: response.id, invitedAt: completedAt, lastMailedAt: completedAt, createdAt: completedAt },
  });
  return {
    respondentId: respondent.id,
    responseId: response.id,
    consentId: consent.id,
    subjectKey,
    email,
    phone,
    commentAnswerId: comment.id,
    /** The personal values that must (or must not) appear: each contains the marker. */
    values: [email, `Comment by ${marker}`, `Name ${marker}`, `sub-${marker}`, `${marker}.social@example.az`, `host-${marker}.example`, `https://ref-${marker}.example/`, `fp-${marker}`, `canvas-${marker}`, `?${marker}`, subjectKey, `cust-${marker}`, `tier-${marker}`, invitedEmail],
  };
}

function hash(s: string) {
  let h = 0;
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0;
  return h;
}
