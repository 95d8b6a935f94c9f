'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { auditEvent } from '@/server/audit';
import { db } from '@/server/db';
import { AuthError, requireRole } from '@/server/dal';
import { reportUnexpected } from '@/server/errors';
import { generatePassword } from '@/features/auth/password';
import { createStaffUser, newStaffUserSchema } from '@/features/auth/users';

/** Admin actions. Each re-checks the role itself: a server action is a public POST endpoint. */
export type AdminFormState = {
  ok?: boolean;
  fieldErrors?: Record<string, string>;
  formError?: 'forbidden' | 'unexpected';
  created?: { email: string; password: string };
  values?: Record<string, string>;
};

const clientSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(100, 'too_long'),
    slug: z.string().trim().regex(/^[a-z0-9][a-z0-9-]{1,39}$/, 'slug'),
    storageRegion: z.enum(['US', 'UK', 'JP', 'EU'], 'invalid_choice'),
  })
  .strict();

const fieldsOf = (formData: FormData) =>
  Object.fromEntries([...formData.entries()].filter(([k]) => !k.startsWith('$ACTION')).map(([k, v]) => [k, String(v)]));

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  return Object.fromEntries(Object.entries(z.flattenError(error).fieldErrors).map(([k, v]) => [k, (v as string[])[0] ?? 'invalid']));
}

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === 'P2002';

export async function createClient(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const values = fieldsOf(formData);
  try {
    const user = await requireRole('admin');
    const parsed = clientSchema.safeParse(values);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    const client = await db.client.create({ data: parsed.data, select: { id: true } });
    await auditEvent(db, { actor: user.id, action: 'client.created', target: `client:${client.id}` });
  } catch (error) {
    if (error instanceof AuthError) return { formError: 'forbidden' };
    if (isUniqueViolation(error)) return { fieldErrors: { slug: 'taken' }, values };
    reportUnexpected(error, { action: 'createClient' });
    return { formError: 'unexpected', values };
  }
  revalidatePath('/[locale]/admin/clients', 'page');
  return { ok: true };
}

export async function createStaff(_previous: AdminFormState, formData: FormData): Promise<AdminFormState> {
  const values = fieldsOf(formData);
  try {
    const user = await requireRole('admin');
    const password = generatePassword();
    const input = { ...values, clientId: values.clientId || undefined, password };
    const parsed = newStaffUserSchema.safeParse(input);
    if (!parsed.success) return { fieldErrors: fieldErrorsOf(parsed.error), values };
    if (parsed.data.clientId && !(await db.client.findUnique({ where: { id: parsed.data.clientId }, select: { id: true } }))) {
      return { fieldErrors: { clientId: 'invalid_choice' }, values };
    }
    const created = await createStaffUser(db, parsed.data);
    await auditEvent(db, { actor: user.id, action: 'staff.created', target: `staff:${created.id}` });
    revalidatePath('/[locale]/admin/users', 'page');
    return { ok: true, created: { email: created.email, password } };
  } catch (error) {
    if (error instanceof AuthError) return { formError: 'forbidden' };
    if (isUniqueViolation(error)) return { fieldErrors: { email: 'taken' }, values };
    reportUnexpected(error, { action: 'createStaff' });
    return { formError: 'unexpected', values };
  }
}
