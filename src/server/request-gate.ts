import { readCapped } from '@/lib/read-capped';
import { plainPage, localeOfPath, translatorFor } from './plain-page';

/**
 * Issue 10 — requests Next.js itself would answer with a 500 are refused here first, in the proxy,
 * with the right status and a localized page (plain-page.ts):
 * - a path with a malformed `%` escape (`/en/s/%ff`): Next fails decoding the route parameter → 400;
 * - a POST to a page from another origin (Next's CSRF check throws "Invalid Server Actions
 *   request") → 403, by the same rule Next applies (Origin host = X-Forwarded-Host or Host);
 * - a body over the server-action size limit → 413;
 * - a form body that cannot be parsed (a broken multipart), or a server-action form whose hidden
 *   `$ACTION_…` fields are not what React's decoder expects (missing parts, broken JSON, a Flight
 *   reference where plain data goes, duplicates), or whose JavaScript-call arguments reference a
 *   part that is not there (jsReplyValid) → 400. React would throw on each.
 * Anything it lets through still meets the action wrappers (src/server/action.ts), which parse
 * every value; this gate only keeps the framework's own decoding from failing with a 500.
 */

/** The server actions' body limit (next.config.ts `serverActions.bodySizeLimit`, Next's default). */
export const ACTION_BODY_LIMIT_BYTES = 1024 * 1024;

type Refusal = 'badRequest' | 'forbidden' | 'tooLarge';
const STATUS: Record<Refusal, number> = { badRequest: 400, forbidden: 403, tooLarge: 413 };

function refuse(pathname: string, why: Refusal): Response {
  const locale = localeOfPath(pathname);
  const t = translatorFor(locale);
  return plainPage(locale, STATUS[why], {
    title: t(`RequestRefused.${why}Title`),
    body: t(`RequestRefused.${why}Body`, { limit: '1 MB' }),
    back: t('RequestRefused.back'),
  });
}

/**
 * Every segment of the raw path decodes (`%ff`, `%E0%A4%A` and a lone `%` do not) — twice for a
 * page: Next decodes a page's dynamic parameter once more while rendering, so `/en/s/%25` (the
 * parameter "%") failed with a bare 500 before any of the app's code ran.
 */
export function pathDecodes(rawPath: string): boolean {
  const times = rawPath.startsWith('/api/') ? 1 : 2;
  try {
    for (let segment of rawPath.split('/')) for (let i = 0; i < times; i++) segment = decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/** The answer to a request whose path cannot be routed, or null. Used by scripts/serve.ts before Next sees it, and by the proxy. */
export function pathRefusal(rawUrl: string): Response | null {
  const rawPath = rawUrl.split(/[?#]/)[0]!;
  return pathDecodes(rawPath) ? null : refuse(safePathname(rawPath), 'badRequest');
}

/** A pathname to read the locale from, whatever the escapes. */
const safePathname = (rawPath: string) => rawPath.replace(/%/g, '');

/** Next's CSRF rule for server actions: an Origin, when sent, names this host. */
export function originAllowed(headers: Headers): boolean {
  const origin = headers.get('origin');
  if (origin === null) return true;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return false;
  }
  const forwardedHost = headers.get('x-forwarded-host')?.split(',')[0]?.trim();
  const host = forwardedHost || headers.get('host');
  return !!originHost && originHost === host;
}

const NOT_JSON = Symbol('not JSON');

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return NOT_JSON;
  }
}

const isJson = (text: string) => parseJson(text) !== NOT_JSON;

const stringField = (form: FormData, name: string) => {
  const all = form.getAll(name);
  return all.length === 1 && typeof all[0] === 'string' ? all[0] : null;
};

/**
 * React's reply encoding gives strings starting with `$` a meaning. Plain values it writes into a
 * form's state are fine (`$$…` an escaped string, `$undefined`, `$D<date>`, `$n<digits>`, `$NaN`,
 * `$Infinity`, `$-Infinity`, `$-0`); anything else is a reference to another part (`$@1`, `$K2`,
 * `$Q3`, `$F4` …) — which our forms never send and whose absence makes the decoder throw.
 */
const PLAIN_FLIGHT_VALUE = /^\$(\$|undefined$|NaN$|Infinity$|-Infinity$|-0$|D|n-?\d+$)/;

/**
 * Whether any string inside `value` is `foreign` — walked without recursion, and refused past a
 * depth no form of ours reaches (a 1 MB body of `[[[…` must not overflow the stack: a 500).
 */
const MAX_DEPTH = 64;
function anyString(value: unknown, foreign: (text: string) => boolean): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [item, depth] = stack.pop()!;
    if (typeof item === 'string') {
      if (foreign(item)) return true;
    } else if (item && typeof item === 'object') {
      if (depth >= MAX_DEPTH) return true;
      for (const child of Array.isArray(item) ? item : Object.values(item)) stack.push([child, depth + 1]);
    }
  }
  return false;
}

const isFlightReference = (text: string) => text.startsWith('$') && !PLAIN_FLIGHT_VALUE.test(text);
const hasFlightReference = (value: unknown) => anyString(value, isFlightReference);

/**
 * With JavaScript, React posts a server action's arguments as its reply encoding: a JSON text, or
 * (when an argument is a FormData) a multipart body whose part `0` is that JSON and whose `<n>_…`
 * entries are the FormData `$K<n>` names. Our client sends plain values, FormData references and
 * temporary references (`$T`, resolved by Next); any other reference (`$B1` a Blob, `$@2` a chunk,
 * `$Q3` a Map …) names a part that is not there, and React fails reading it ("Cannot read
 * properties of undefined (reading 'arrayBuffer')", found by the fuzzer).
 */
const CLIENT_REFERENCE = /^\$(K[0-9a-f]+|T)$/;

function jsReplyValid(json: string | null | undefined): boolean {
  if (typeof json !== 'string') return false;
  const parsed = parseJson(json);
  if (parsed === NOT_JSON) return false;
  return !anyString(parsed, (text) => isFlightReference(text) && !CLIENT_REFERENCE.test(text));
}

/**
 * Whether the `$ACTION_…` fields of a form posted without JavaScript are what React's decodeAction
 * reads: `$ACTION_REF_p` with `$ACTION_p:0` = {"id": "…", "bound": "$@n" | null} and, for bound
 * actions, `$ACTION_p:n` a JSON array of plain data; or `$ACTION_ID_<id>`. A form with no action
 * fields is not a server action (a plain POST renders the page).
 */
export function actionFieldsValid(form: FormData): boolean {
  const seen = new Set<string>();
  const values = new Map<string, string>();
  for (const [key, value] of form.entries()) {
    if (!key.startsWith('$ACTION')) continue;
    if (seen.has(key) || typeof value !== 'string') return false;
    seen.add(key);
    values.set(key, value);
  }
  for (const [key, value] of values) {
    if (key === '$ACTION_KEY') continue;
    if (key.startsWith('$ACTION_ID_')) {
      if (!/^\$ACTION_ID_[0-9a-f]{2,64}$/i.test(key)) return false;
      continue;
    }
    const ref = /^\$ACTION_REF_(\w*)$/.exec(key);
    if (ref) {
      const prefix = `$ACTION_${ref[1]}:`;
      const meta = values.get(`${prefix}0`);
      const parsed = meta === undefined ? NOT_JSON : parseJson(meta);
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return false;
      const { id, bound } = parsed as { id?: unknown; bound?: unknown };
      if (typeof id !== 'string' || !/^[0-9a-f]{2,64}$/i.test(id)) return false;
      if (bound === null || bound === undefined) continue;
      const part = typeof bound === 'string' ? /^\$@(\d+)$/.exec(bound) : null;
      const args = part ? values.get(`${prefix}${part[1]}`) : undefined;
      const list = args === undefined ? NOT_JSON : parseJson(args);
      if (!Array.isArray(list) || hasFlightReference(list)) return false;
      continue;
    }
    // `$ACTION_p:n`: parts of a reference (checked with it above); a part no reference names is junk.
    const partOf = /^\$ACTION_(\w*):\d+$/.exec(key);
    if (!partOf || !values.has(`$ACTION_REF_${partOf[1]}`) || !isJson(value)) return false;
  }
  return true;
}

/** The refusal for a request Next would fail on, or null to let it through. */
export async function gateRequest(request: Request): Promise<Response | null> {
  const url = new URL(request.url);
  const unroutable = pathRefusal(request.url.slice(url.origin.length));
  if (unroutable) return unroutable;
  if (request.method !== 'POST' || url.pathname.startsWith('/api/')) return null;

  // A POST to a page: a server action (with or without JavaScript) or a plain form post.
  if (!originAllowed(request.headers)) return refuse(url.pathname, 'forbidden');
  const declared = Number(request.headers.get('content-length') ?? 0);
  if (declared > ACTION_BODY_LIMIT_BYTES) return refuse(url.pathname, 'tooLarge');
  const contentType = request.headers.get('content-type') ?? '';
  const isForm = /^multipart\/form-data|^application\/x-www-form-urlencoded/i.test(contentType);
  const actionId = request.headers.get('next-action');
  if (!isForm && actionId === null) return null;
  if (actionId !== null && !/^[0-9a-f]{2,64}$/i.test(actionId)) return refuse(url.pathname, 'badRequest');

  // A copy of the body: the original still reaches Next.
  const body = await readCapped(request.clone().body, ACTION_BODY_LIMIT_BYTES);
  if (body === null) return refuse(url.pathname, 'tooLarge');
  if (!isForm) return jsReplyValid(body.toString('utf8')) ? null : refuse(url.pathname, 'badRequest');
  let form: FormData;
  try {
    form = await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    return refuse(url.pathname, 'badRequest');
  }
  // With JavaScript, React posts its own encoding (parts "0", "1_…"); without, the `$ACTION_` fields.
  if (actionId === null ? !actionFieldsValid(form) : !jsReplyValid(stringField(form, '0'))) return refuse(url.pathname, 'badRequest');
  return null;
}
