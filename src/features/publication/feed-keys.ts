import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '@/server/create-db';
import { auditEvent } from '@/server/audit';
import type { StaffUserDTO } from '@/server/authz';
import { Refusal } from '@/server/refusal';
import { assertAdmin } from '@/features/admin/commands';

/**
 * policy: P3.3, P5.2 — the keys a Client's website or ratings partner reads its publication feed
 * with. The operator's admins issue them per Client; a key is shown once, only its SHA-256 is
 * stored (a copy of the database opens no feed), and revoking it closes the feed at the next
 * request. Issuing and revoking are audited in the same transaction as the change.
 */

const KEY_PREFIX = 'sfk_';

export const feedKeySchema = z.object({ label: z.string().trim().min(1, 'required').max(80, 'too_long') }).strict();

const hashFeedKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** A well-formed key: the prefix and 32 random bytes in base64url. Anything else is not looked up. */
function looksLikeFeedKey(value: string): boolean {
  return /^sfk_[A-Za-z0-9_-]{43}$/.test(value);
}

export class FeedKeyRefusal extends Refusal {
  constructor(code: 'gone') {
    super(code);
    this.name = 'FeedKeyRefusal';
  }
}

export async function issueFeedKeyAs(db: Db, user: StaffUserDTO, clientId: string, input: z.input<typeof feedKeySchema>, now = new Date()) {
  assertAdmin(user);
  const { label } = feedKeySchema.parse(input);
  const key = KEY_PREFIX + randomBytes(32).toString('base64url');
  return db.$transaction(async (tx) => {
    if (!(await tx.client.count({ where: { id: clientId } }))) throw new FeedKeyRefusal('gone');
    const row = await tx.publicationFeedKey.create({ data: { clientId, label, tokenHash: hashFeedKey(key), createdById: user.id, createdAt: now }, select: { id: true } });
    await auditEvent(tx, { actor: user.id, action: 'feed_key.issued', target: `feed_key:${row.id}`, at: now });
    return { id: row.id, key };
  });
}

/** Revoking twice is not an error: the key is closed either way (a double click, two admins). */
export async function revokeFeedKeyAs(db: Db, user: StaffUserDTO, keyId: string, now = new Date()) {
  assertAdmin(user);
  await db.$transaction(async (tx) => {
    if (!(await tx.publicationFeedKey.count({ where: { id: keyId } }))) throw new FeedKeyRefusal('gone');
    const { count } = await tx.publicationFeedKey.updateMany({ where: { id: keyId, revokedAt: null }, data: { revokedAt: now } });
    if (count) await auditEvent(tx, { actor: user.id, action: 'feed_key.revoked', target: `feed_key:${keyId}`, at: now });
  });
}

export async function listFeedKeysAs(db: Db, user: StaffUserDTO, clientId: string) {
  assertAdmin(user);
  return db.publicationFeedKey.findMany({
    where: { clientId },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
    select: { id: true, label: true, createdAt: true, revokedAt: true },
  });
}

/** The Client a presented key opens, or null: unknown, malformed and revoked keys alike. */
export async function clientOfFeedKey(db: Db, presented: string) {
  if (!looksLikeFeedKey(presented)) return null;
  const key = await db.publicationFeedKey.findUnique({
    where: { tokenHash: hashFeedKey(presented) },
    select: { revokedAt: true, client: { select: { id: true, name: true } } },
  });
  return key && !key.revokedAt ? key.client : null;
}
