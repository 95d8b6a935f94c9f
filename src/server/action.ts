import 'server-only';
import { notFound, forbidden, unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import type { StaffRole } from '@/generated/sqlite';
import { headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { clientAddressFrom } from '@/lib/client-address';
import { refusedLocation } from '@/lib/safe-path';
import { refuseControlCharacters } from '@/lib/control-characters';
import { AuthError, type StaffUserDTO } from './authz';
import { requireRole } from './dal';
import { db } from './db';
import { env } from './env';
import { databaseFault } from './db-errors';
import { reportUnexpected } from './errors';
import { errorFields, log } from './log';
import { hitRateLimit, type RateDecision, type RateScope } from './rate-limit';
import { Refusal } from './refusal';

export { Refusal };

/**
 * The two kinds of server action (DESIGN.md convention 15). A server action is a public POST
 * endpoint: its bound arguments (`action.bind(null, id)`) travel in the form as plain JSON
 * (`$ACTION_n:1`) and anyone can replace them with objects such as `{"in": [...]}`, which a
 * Prisma `where` would happily read as a filter. So every action is built here, and the wrapper
 * — not the memory of whoever writes the next action — does, in this order:
 *   1. parse the bound arguments with a zod tuple of scalars (forged → 404, nothing runs);
 *   2. read the form's own fields as strings (`$ACTION…` keys and files dropped);
 *   3. for staff actions, check the role (the commands check scope and role again);
 *   4. run, and map what went wrong to one result shape: field errors, a refusal code, or an
 *      unexpected error logged with a reference the user sees (never a stack trace).
 */

/** Scalars that bound arguments may be. Anything else (objects, arrays, numbers for ids) is refused. */
export const boundArg = {
  id: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
  locale: z.enum(['az', 'en']),
  slug: z.string().regex(/^[a-z0-9][a-z0-9-]{1,59}$/),
  token: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
  direction: z.enum(['up', 'down']),
  flag: z.boolean(),
};

/** What a form action answers (a success that navigates redirects instead). */
export type ActionState = {
  ok?: boolean | string;
  /** A translation key of the form's namespace: 'forbidden', 'unexpected', or a refusal's code. */
  formError?: string;
  fieldErrors?: Record<string, string>;
  /** What was typed, so a form shown again loses nothing. */
  values?: Record<string, string>;
  /** The reference of an unexpected error, equal to the logged one. */
  requestId?: string;
};


export type FormFields = Record<string, string>;

/** The form's own fields as strings; React's `$ACTION…` plumbing and uploaded files are not input. */
export function fieldsOf(formData: FormData | undefined): FormFields {
  if (!(formData instanceof FormData)) return {};
  const fields: FormFields = {};
  for (const [key, value] of formData.entries()) {
    if (key.startsWith('$ACTION') || typeof value !== 'string') continue;
    fields[key] ??= value;
  }
  return fields;
}

/**
 * What a form given back may show of what was typed: everything but passwords, which never
 * travel back to the browser (without JavaScript they would be written into the page's HTML).
 */
export function echoable(fields: Record<string, string>): FormFields {
  return Object.fromEntries(Object.entries(fields).filter(([name]) => !/password/i.test(name)));
}

/** Control characters refused in every form field (src/lib/control-characters.ts), as a form state. */
function controlCharacterState(fields: FormFields): ActionState | null {
  const refused = refuseControlCharacters(fields);
  return refused && { formError: 'invalid_characters', ...refused, values: echoable(refused.values) };
}

function fieldErrorsOf(error: z.ZodError): Record<string, string> {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) fieldErrors[String(issue.path[0] ?? 'form')] ??= issue.message;
  return fieldErrors;
}

type Failure = { name: string; unique?: string; values: FormFields };

/** One mapping from what went wrong to what the form shows. Next's own control flow passes through. */
export function failureState(error: unknown, { name, unique, values: typed }: Failure): ActionState {
  unstable_rethrow(error);
  const values = echoable(typed);
  if (error instanceof AuthError) return { formError: 'forbidden' };
  if (error instanceof z.ZodError) return { fieldErrors: fieldErrorsOf(error), values };
  if (error instanceof Refusal) return { formError: error.code, values };
  if (unique && (error as { code?: string })?.code === 'P2002') return { fieldErrors: { [unique]: 'taken' }, values };
  // The database did not answer in time (another process holds the embedded database's lock) or
  // cannot be reached: nothing was saved, the form comes back with what was typed, to send again.
  const fault = databaseFault(error);
  if (fault === 'busy') {
    log('warn', 'database_busy', { action: name, ...errorFields(error) });
    return { formError: 'busy', values };
  }
  if (fault === 'unavailable') return { formError: 'unavailable', values, requestId: reportUnexpected(error, { action: name }) };
  return { formError: 'unexpected', values, requestId: reportUnexpected(error, { action: name }) };
}

type Bound = z.ZodTuple<[] | [z.ZodType, ...z.ZodType[]], null>;

/** Splits the raw call into bound arguments and the rest; forged bound arguments end here. */
function parseBound<B extends Bound>(schema: B, raw: unknown[]): { bound: z.output<B>; rest: unknown[] } {
  const count = schema.def.items.length;
  const parsed = schema.safeParse(raw.slice(0, count));
  if (!parsed.success) notFound();
  return { bound: parsed.data, rest: raw.slice(count) };
}

type StaffSpec<B extends Bound> = { name: string; roles: StaffRole[]; bound: B; unique?: string };
type StaffContext<B extends Bound> = { user: StaffUserDTO; args: z.output<B>; fields: FormFields; formData: FormData };

/**
 * A staff action used with `useActionState`: (…bound, previousState, formData) → state.
 * `run` returns what to add to `{ ok: true }`, or redirects.
 */
export function staffFormAction<B extends Bound, S extends ActionState = ActionState>(
  spec: StaffSpec<B>,
  run: (ctx: StaffContext<B>) => Promise<NoInfer<S> | void>,
): (...raw: [...z.input<B>, S, FormData]) => Promise<S> {
  return async (...raw: unknown[]) => {
    const { bound, rest } = parseBound(spec.bound, raw);
    const formData = rest[1] instanceof FormData ? rest[1] : new FormData();
    const fields = fieldsOf(formData);
    try {
      const user = await requireRole(...spec.roles);
      const refused = controlCharacterState(fields);
      if (refused) return refused as S;
      return ((await run({ user, args: bound, fields, formData })) ?? { ok: true }) as S;
    } catch (error) {
      return failureState(error, { name: spec.name, unique: spec.unique, values: fields }) as S;
    }
  };
}

/**
 * A staff action posted by a plain form with no state to show (move, delete, close, disable):
 * (…bound, formData) → void. A refusal is shown, never swallowed: an AuthError renders the 403
 * page; a business refusal (e.g. the survey was published meanwhile) sends the browser back to
 * the page with `?refused=<code>`, where a notice says why nothing changed.
 */
export function staffButtonAction<B extends Bound>(
  spec: StaffSpec<B>,
  run: (ctx: StaffContext<B>) => Promise<void>,
): (...raw: [...z.input<B>, FormData]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const { bound, rest } = parseBound(spec.bound, raw);
    const formData = rest[0] instanceof FormData ? rest[0] : new FormData();
    try {
      const user = await requireRole(...spec.roles);
      await run({ user, args: bound, fields: fieldsOf(formData), formData });
    } catch (error) {
      unstable_rethrow(error);
      if (error instanceof AuthError) forbidden();
      // Back to the page the button was on, which says why (StaffShell's RefusalNotice).
      if (error instanceof Refusal) redirect(refusedLocation((await headers()).get('referer'), `/${await getLocale()}`, error.code));
      await failedRequestPage(error, spec.name);
    }
  };
}

/**
 * A public write that stores rows names its rate-limit scope; the subject (a consent chain) comes
 * from the action's own context when it has one. Counted after the bound arguments parse (a forged
 * post is refused earlier and counts for nothing), before anything runs.
 */
type PublicSpec<B extends Bound> = { name: string; bound: B; limit?: RateScope; limitSubject?: LimitSubject };

/** Where a refused button action sends the browser: a localized 429 page (src/app/[locale]/too-many-requests). */
export const TOO_MANY_REQUESTS_PATH = '/too-many-requests';

/** One public write of `scope` by this request's client (its address, and its consent chain when given). */
export async function publicRateLimit(scope: RateScope, subject?: string | null): Promise<RateDecision> {
  const address = clientAddressFrom(await headers(), env.TRUSTED_PROXIES);
  return hitRateLimit(db, scope, { address, subject }, { secret: env.APP_SECRET, scale: env.RATE_LIMIT_SCALE });
}

async function withinRateLimit<B extends Bound>(spec: PublicSpec<B>): Promise<boolean> {
  if (!spec.limit) return true;
  return (await publicRateLimit(spec.limit, await spec.limitSubject?.())).allowed;
}

/** The consent chain of this browser, when it has one, as a rate-limit subject. */
export type LimitSubject = () => Promise<string | null | undefined>;
type PublicContext<B extends Bound> = { args: z.output<B>; fields: FormFields; formData: FormData };

/** A public action used with `useActionState`: (…bound, previousState, formData) → state. */
export function publicFormAction<B extends Bound, S = ActionState>(
  spec: PublicSpec<B>,
  run: (ctx: PublicContext<B>) => Promise<NoInfer<S> | void>,
): (...raw: [...z.input<B>, S, FormData]) => Promise<S> {
  return async (...raw: unknown[]) => {
    const { bound, rest } = parseBound(spec.bound, raw);
    const formData = rest[1] instanceof FormData ? rest[1] : new FormData();
    const fields = fieldsOf(formData);
    try {
      // Refused for now: the form comes back with what was typed and a localized "try later".
      if (!(await withinRateLimit(spec))) return { formError: 'rate_limited', values: echoable(fields) } as S;
      const refused = controlCharacterState(fields);
      if (refused) return refused as S;
      return ((await run({ args: bound, fields, formData })) ?? { ok: true }) as S;
    } catch (error) {
      return failureState(error, { name: spec.name, values: fields }) as S;
    }
  };
}

/** Where a button action that failed sends the browser: a localized page with the logged reference. */
export const REQUEST_FAILED_PATH = '/request-failed';

/**
 * A plain form posted without JavaScript has no state to come back to, and Next would answer a
 * thrown error with a bare "Internal Server Error": the error is logged and the browser goes to a
 * page in its language that says nothing was done — unavailable or unexpected — with the reference.
 */
async function failedRequestPage(error: unknown, action: string): Promise<never> {
  const kind = databaseFault(error) ? 'unavailable' : 'unexpected';
  const reference = reportUnexpected(error, { action });
  redirect(`/${await getLocale()}${REQUEST_FAILED_PATH}?kind=${kind}&ref=${reference}`);
}

/**
 * A public action posted by a plain form that always navigates (start, stop, cookie choice):
 * (…bound, formData) → redirect. Failures reach the localized error page with a reference.
 */
export function publicButtonAction<B extends Bound>(
  spec: PublicSpec<B>,
  run: (ctx: PublicContext<B>) => Promise<void>,
): (...raw: [...z.input<B>, FormData]) => Promise<void> {
  return async (...raw: unknown[]) => {
    const { bound, rest } = parseBound(spec.bound, raw);
    const formData = rest[0] instanceof FormData ? rest[0] : new FormData();
    try {
      if (!(await withinRateLimit(spec))) redirect(`/${await getLocale()}${TOO_MANY_REQUESTS_PATH}`);
      await run({ args: bound, fields: fieldsOf(formData), formData });
    } catch (error) {
      unstable_rethrow(error);
      await failedRequestPage(error, spec.name);
    }
  };
}

/** A public action called from client code with a value (not a form): (…bound, input) → result. */
export function publicCallAction<B extends Bound, I extends z.ZodType, R>(
  spec: PublicSpec<B> & { input: I; refused: R },
  run: (ctx: { args: z.output<B>; input: z.output<I> }) => Promise<R>,
): (...raw: [...z.input<B>, unknown]) => Promise<R> {
  return async (...raw: unknown[]) => {
    const { bound, rest } = parseBound(spec.bound, raw);
    const input = spec.input.safeParse(rest[0]);
    if (!input.success) return spec.refused;
    try {
      if (!(await withinRateLimit(spec))) return spec.refused;
      return await run({ args: bound, input: input.data });
    } catch (error) {
      unstable_rethrow(error);
      reportUnexpected(error, { action: spec.name });
      return spec.refused;
    }
  };
}
