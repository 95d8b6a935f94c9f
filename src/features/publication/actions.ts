'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { boundArg, staffButtonAction, staffFormAction, type ActionState } from '@/server/action';
import { db } from '@/server/db';
import { issueFeedKeyAs, revokeFeedKeyAs } from './feed-keys';

/** policy: P3.3, P5.2 — an admin issues and revokes a Client's publication feed keys. */
export type FeedKeyState = ActionState & { issued?: { label: string; key: string } };

const ADMIN: ['admin'] = ['admin'];
const idOnly = z.tuple([boundArg.id]);
const CLIENT_PAGE = '/[locale]/admin/clients/[clientId]';

export const issueFeedKey = staffFormAction<typeof idOnly, FeedKeyState>({ name: 'issueFeedKey', roles: ADMIN, bound: idOnly }, async ({ user, args: [clientId], fields }) => {
  const { key } = await issueFeedKeyAs(db, user, clientId, { label: fields.label ?? '' });
  revalidatePath(CLIENT_PAGE, 'page');
  // Shown once, in this answer only: the database keeps the key's hash.
  return { ok: true, issued: { label: (fields.label ?? '').trim(), key } };
});

export const revokeFeedKey = staffButtonAction({ name: 'revokeFeedKey', roles: ADMIN, bound: idOnly }, async ({ user, args: [keyId] }) => {
  await revokeFeedKeyAs(db, user, keyId);
  revalidatePath(CLIENT_PAGE, 'page');
});
