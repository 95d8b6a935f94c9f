'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { db } from '@/server/db';
import { AuthError, requireRole } from '@/server/dal';
import { reportUnexpected } from '@/server/errors';
import { generatePassword } from '@/features/auth/password';
import { newStaffUserSchema } from '@/features/auth/users';
import { redirect } from '@/i18n/navigation';
import { toLocale } from '@/i18n/routing';
import { ClientInUseError, clientSchema, createClientAs, createStaffAs, deleteClientAs, setStaffDisabledAs, updateClientAs } from './commands';

/** Admin actions: validate → authorize (here, and again in commands.ts) → write → revalidate. */
export type AdminFormState = {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: 'forbidden' | 'unexpected' | 'region_fixed' | 'not_empty';
  created?: { email: string; password: string };
  values?: Record<string, string>;
};

const fieldsOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')).map(([k, v]) => [k, String(v)]));

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(Object.entries(z.flattenError(error).fieldErrors).map(([k, v]) => [k, (v as string[])[0] ?? 'invalid']));
}

function failure(error: unknown, values: Record<string, string>, uniqueField: string, action: string): AdminFormState {
  if (error instanceof AuthError) return { formError: 'forbidden' };
  if (error instanceof ClientInUseError) return { formError: error.reason, values };
  if (error instanceof z.ZodError) return { fieldErrors: fieldErrorsOf(error), values };
  if ((error as { code?: string })?.code === 'P2002') return { fieldErrors: { [uniqueField]: 'taken' }, values };
  reportUnexpected(error, { action });
  return { formError: 'unexpected', values };
}

export async function createClient(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const values = fieldsOf(formData);
  try {
    const user = await requireRole('admin');
    const parsed = clientSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    await createClientAs(db, user, parsed.data);
  } catch (error) {
    return failure(error, values, 'slug', 'createClient');
  }
  revalidatePath('/[locale]/admin/clients', 'page');
  return { ok: true };
}

export async function updateClient(clientId: string, _previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const values = fieldsOf(formData);
  try {
    await updateClientAs(db, await requireRole('admin'), clientId, { name: values.name ?? '', storageRegion: values.storageRegion as never });
  } catch (error) {
    return failure(error, values, 'name', 'updateClient');
  }
  revalidatePath('/[locale]/admin/clients', 'page');
  return { ok: true, values };
}

export async function deleteClient(locale: string, clientId: string, _previous: AdminFormState, _formData: FormData): Promise<AdminFormState> {
  try {
    await deleteClientAs(db, await requireRole('admin'), clientId);
  } catch (error) {
    return failure(error, {}, 'name', 'deleteClient');
  }
  revalidatePath('/[locale]/admin/clients', 'page');
  return redirect({ href: '/admin/clients', locale: toLocale(locale) });
}

export async function createStaff(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const values = fieldsOf(formData);
  try {
    const user = await requireRole('admin');
    const password = generatePassword();
    const parsed = newStaffUserSchema.safeParse({ ...values, clientId: values.clientId || undefined, password });
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const created = await createStaffAs(db, user, parsed.data);
    revalidatePath('/[locale]/admin/users', 'page');
    return { ok: true, created: { email: created.email, password } };
  } catch (error) {
    return failure(error, values, 'email', 'createStaff');
  }
}

export async function setStaffDisabled(staffId: string, disabled: boolean): Promise<void> {
  try {
    await setStaffDisabledAs(db, await requireRole('admin'), staffId, disabled);
  } catch (error) {
    if (!(error instanceof AuthError)) throw error;
  }
  revalidatePath('/[locale]/admin/users', 'page');
}
