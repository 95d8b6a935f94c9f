'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db } from '@/server/db';
import { boundArg, staffButtonAction, staffFormAction, type ActionState } from '@/server/action';
import { generatePassword } from '@/features/auth/password';
import { newStaffUserSchema } from '@/features/auth/users';
import { redirect } from '@/i18n/navigation';
import { sendAgainAs } from '@/features/mail/outbox';
import { wakeMailSender } from '@/features/mail/sender';
import { mailConfig } from '@/server/site-links';
import { clientSchema, createClientAs, createStaffAs, deleteClientAs, setStaffDisabledAs, updateClientAs } from './commands';

/** Admin actions: the wrapper parses bound ids and checks the role; commands.ts checks again. */
export type AdminFormState = ActionState & { created?: { email: string; password: string } };

const ADMIN: ['admin'] = ['admin'];
const CLIENTS_PAGE = '/[locale]/admin/clients';
const noBound = z.tuple([]);
const clientOnly = z.tuple([boundArg.id]);

export const createClient = staffFormAction<typeof noBound, AdminFormState>({ name: 'createClient', roles: ADMIN, bound: noBound, unique: 'slug' }, async ({ user, fields }) => {
  await createClientAs(db, user, clientSchema.parse(fields));
  revalidatePath(CLIENTS_PAGE, 'page');
});

export const updateClient = staffFormAction<typeof clientOnly, AdminFormState>({ name: 'updateClient', roles: ADMIN, bound: clientOnly, unique: 'name' }, async ({ user, args: [clientId], fields }) => {
  await updateClientAs(db, user, clientId, { name: fields.name ?? '', storageRegion: fields.storageRegion as never });
  revalidatePath(CLIENTS_PAGE, 'page');
  return { ok: true, values: fields };
});

const localeAndClient = z.tuple([boundArg.locale, boundArg.id]);

export const deleteClient = staffFormAction<typeof localeAndClient, AdminFormState>({ name: 'deleteClient', roles: ADMIN, bound: localeAndClient }, async ({ user, args: [locale, clientId] }) => {
  await deleteClientAs(db, user, clientId);
  revalidatePath(CLIENTS_PAGE, 'page');
  redirect({ href: '/admin/clients', locale });
});

export const createStaff = staffFormAction<typeof noBound, AdminFormState>({ name: 'createStaff', roles: ADMIN, bound: noBound, unique: 'email' }, async ({ user, fields }) => {
  const password = generatePassword();
  const created = await createStaffAs(db, user, newStaffUserSchema.parse({ ...fields, clientId: fields.clientId || undefined, password }));
  revalidatePath('/[locale]/admin/users', 'page');
  return { ok: true, created: { email: created.email, password } };
});

export const setStaffDisabled = staffButtonAction(
  { name: 'setStaffDisabled', roles: ADMIN, bound: z.tuple([boundArg.id, boundArg.flag]) },
  async ({ user, args: [staffId, disabled] }) => {
    await setStaffDisabledAs(db, user, staffId, disabled);
    revalidatePath('/[locale]/admin/users', 'page');
  },
);

/** An admin sends a failed mail again (admin mailbox); the sender takes it at once. */
export const sendMailAgain = staffButtonAction({ name: 'sendMailAgain', roles: ADMIN, bound: z.tuple([boundArg.id]) }, async ({ user, args: [mailId] }) => {
  if (await sendAgainAs(db, user, mailId)) void wakeMailSender(db, mailConfig());
  revalidatePath('/[locale]/admin/mailbox', 'page');
});
