import type { Db } from '@/server/create-db';
import { localizedTextSchema, type LocalizedText } from '@/lib/localized-text';
import { z } from 'zod';
import { fromBooleanColumn, fromDateColumn, fromIntColumn, sqlFor } from '@/server/sql';
import { versionConsentMustCover, versionInForce, type PolicyVersionFacts } from './policy';

/** policy: P14.1, P15.1, P16.1 — who controls the data, how to reach the DPO, where data is stored. */
export const policyContactsSchema = z
  .object({
    controller: z.object({ name: z.string(), address: z.string() }).strict(),
    dpo: z.object({ email: z.string().email(), addresses: z.array(z.string()).min(1) }).strict(),
    storageRegions: z.array(z.enum(['US', 'UK', 'JP', 'EU'])).min(1),
  })
  .strict();
export type PolicyContacts = z.infer<typeof policyContactsSchema>;

export type PolicyVersionDTO = PolicyVersionFacts & {
  summary: LocalizedText;
  text: LocalizedText;
  contacts: PolicyContacts;
  publishedAt: Date;
};

const select = {
  id: true,
  version: true,
  effectiveAt: true,
  material: true,
  summary: true,
  text: true,
  contacts: true,
  publishedAt: true,
} as const;

function toDTO(row: { id: string; version: number; effectiveAt: Date; material: boolean; summary: unknown; text: unknown; contacts: unknown; publishedAt: Date }): PolicyVersionDTO {
  return {
    ...row,
    summary: localizedTextSchema.parse(row.summary),
    text: localizedTextSchema.parse(row.text),
    contacts: policyContactsSchema.parse(row.contacts),
  };
}

async function allVersionFacts(db: Pick<Db, 'policyVersion'>): Promise<PolicyVersionFacts[]> {
  return db.policyVersion.findMany({ select: { id: true, version: true, effectiveAt: true, material: true } });
}

/** policy: P1.1 — the version in force now, with its texts. */
export async function getPolicyInForce(db: Db, now = new Date()): Promise<PolicyVersionDTO | null> {
  const inForce = versionInForce(await allVersionFacts(db), now);
  if (!inForce) return null;
  return toDTO(await db.policyVersion.findUniqueOrThrow({ where: { id: inForce.id }, select }));
}

/** What the consent machinery needs: the version a new consent is given under, and the one it must cover. */
export async function getConsentPolicyState(db: Pick<Db, 'policyVersion'>, now = new Date()) {
  return policyStateOf(await allVersionFacts(db), now);
}

/**
 * The same, read with plain SQL (every page and action needs it: src/server/sql.ts) — never from
 * inside a Prisma transaction; a transaction uses getConsentPolicyState.
 */
export async function consentPolicyStateNow(db: Db, now = new Date()) {
  const sql = await sqlFor(db);
  const rows = await sql.all<Record<string, unknown>>(`SELECT "id", "version", "effectiveAt", "material" FROM "PolicyVersion"`);
  const versions = rows.map((r) => ({ id: String(r.id), version: fromIntColumn(r.version), effectiveAt: fromDateColumn(r.effectiveAt), material: fromBooleanColumn(r.material) }));
  return policyStateOf(versions, now);
}

function policyStateOf(versions: PolicyVersionFacts[], now: Date) {
  return { inForce: versionInForce(versions, now), mustCover: versionConsentMustCover(versions, now) };
}

export type NewPolicyVersion = {
  effectiveAt: Date;
  material: boolean;
  summary: LocalizedText;
  text: LocalizedText;
  contacts: PolicyContacts;
};

/**
 * policy: P1.1, P1.2 — publishes the next version. A material one, once in force, makes every
 * consent given under an older version insufficient: the banner asks again and consent-based
 * collection stops until the person chooses.
 */
export async function publishPolicyVersion(db: Db, input: NewPolicyVersion, actor = 'cli') {
  const data = {
    effectiveAt: input.effectiveAt,
    material: input.material,
    summary: localizedTextSchema.parse(input.summary),
    text: localizedTextSchema.parse(input.text),
    contacts: policyContactsSchema.parse(input.contacts),
  };
  return db.$transaction(async (tx) => {
    const last = await tx.policyVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    const created = await tx.policyVersion.create({ data: { ...data, version: (last?.version ?? 0) + 1 }, select });
    await tx.auditEvent.create({
      data: { actor, action: 'policy.published', target: `policy:v${created.version}`, counts: { material: data.material ? 1 : 0 } },
    });
    return toDTO(created);
  });
}
