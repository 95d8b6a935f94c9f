import { z } from 'zod';

/**
 * Skip logic: a condition over earlier answers (and the link's hidden fields) that shows a
 * question or a section. Stored as JSON on Question.showIf / Section.showIf, typed by staff in a
 * small text syntax (`visit_type = delivery and overall_rating < 3`), evaluated on the server at
 * every step (path.ts). Pure: unit-tested.
 */
export type Comparison =
  | { q: string; op: 'eq' | 'ne'; value: string }
  | { q: string; op: 'in'; values: string[] }
  | { q: string; op: 'gt' | 'lt'; value: number }
  | { q: string; op: 'answered' | 'unanswered' };
export type Condition = Comparison | { and: Condition[] } | { or: Condition[] };

const KEY = /^[a-z][a-z0-9_]{0,39}$/;
const VALUE_MAX = 200;
/** Deep enough for any real survey, shallow enough that a stored condition cannot exhaust the stack. */
export const MAX_DEPTH = 8;
export const MAX_TEXT = 1000;

const key = z.string().regex(KEY);
const value = z.string().min(1).max(VALUE_MAX);
const comparisonSchema = z.union([
  z.object({ q: key, op: z.enum(['eq', 'ne']), value }).strict(),
  z.object({ q: key, op: z.literal('in'), values: z.array(value).min(1).max(50) }).strict(),
  z.object({ q: key, op: z.enum(['gt', 'lt']), value: z.number().finite() }).strict(),
  z.object({ q: key, op: z.enum(['answered', 'unanswered']) }).strict(),
]);
const treeSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([comparisonSchema, z.object({ and: z.array(treeSchema).min(2).max(20) }).strict(), z.object({ or: z.array(treeSchema).min(2).max(20) }).strict()]),
);
/** A condition as stored: its shape, and at most MAX_DEPTH levels of and/or — the one depth rule, for the parser too. */
export const conditionSchema = treeSchema.refine((c) => depthOf(c) <= MAX_DEPTH, 'logic_too_deep');

/** A stored condition, or null when none. The builder stored it validated: one that does not parse is a bug, thrown. */
export function readCondition(json: unknown): Condition | null {
  if (json == null) return null;
  const parsed = conditionSchema.safeParse(json);
  if (!parsed.success) throw new Error('a stored condition does not parse');
  return parsed.data;
}

/** For staff pages: a condition that does not parse is shown as none rather than locking them out of the survey. */
export function readConditionLeniently(json: unknown): Condition | null {
  try {
    return readCondition(json);
  } catch {
    return null;
  }
}

function depthOf(c: Condition): number {
  if ('and' in c) return 1 + Math.max(...c.and.map(depthOf));
  if ('or' in c) return 1 + Math.max(...c.or.map(depthOf));
  return 1;
}

export type Answers = Record<string, unknown>;

const isAnswered = (v: unknown) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0);
/** A multiple-choice answer "is" each option it holds; any other answer is its one value. */
const valuesOf = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : isAnswered(v) ? [String(v)] : []);

/** True when the condition holds for these answers; no condition always holds. */
export function evaluate(condition: Condition | null, answers: Answers): boolean {
  if (!condition) return true;
  if ('and' in condition) return condition.and.every((c) => evaluate(c, answers));
  if ('or' in condition) return condition.or.some((c) => evaluate(c, answers));
  const answer = answers[condition.q];
  switch (condition.op) {
    case 'answered':
      return isAnswered(answer);
    case 'unanswered':
      return !isAnswered(answer);
    case 'eq':
      return valuesOf(answer).includes(condition.value);
    case 'ne':
      // "is not X": answered, and not X (an unanswered question is neither).
      return isAnswered(answer) && !valuesOf(answer).includes(condition.value);
    case 'in':
      return valuesOf(answer).some((v) => condition.values.includes(v));
    case 'gt':
    case 'lt': {
      if (!isAnswered(answer) || Array.isArray(answer)) return false;
      const n = Number(answer);
      if (!Number.isFinite(n)) return false;
      return condition.op === 'gt' ? n > condition.value : n < condition.value;
    }
  }
}

/** The question keys a condition reads. */
export function conditionKeys(condition: Condition | null): string[] {
  if (!condition) return [];
  if ('and' in condition) return [...new Set(condition.and.flatMap(conditionKeys))];
  if ('or' in condition) return [...new Set(condition.or.flatMap(conditionKeys))];
  return [condition.q];
}

/**
 * Whether a condition can be judged yet: every question it reads is answered. Before that, a
 * quota's "gender = female" is neither met nor missed (survey/fieldwork.ts).
 */
export function isDecided(condition: Condition | null, answers: Answers): boolean {
  return conditionKeys(condition).every((k) => isAnswered(answers[k]));
}

/* ---------- The text syntax staff type ----------
 *   condition  := all ('or' all)*
 *   all        := item ('and' item)*
 *   item       := '(' condition ')' | key '=' value | key '!=' value | key '>' number | key '<' number
 *               | key 'in' '(' value (',' value)* ')' | key 'is' 'answered' | key 'is' 'not' 'answered'
 *   value      := word | "quoted text"
 * Keywords are case-insensitive; a word is letters, digits, '_', '-', '.'.
 */
export type ConditionSyntaxError = { code: 'logic_syntax'; at: number } | { code: 'logic_too_deep' } | { code: 'logic_too_long' };

type Token = { kind: 'word' | 'string' | 'op' | 'punct'; text: string; at: number };

function tokenize(text: string): Token[] | { at: number } {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, at: i++ });
      continue;
    }
    if (c === '!' && text[i + 1] === '=') {
      tokens.push({ kind: 'op', text: '!=', at: i });
      i += 2;
      continue;
    }
    if (c === '=' || c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c, at: i++ });
      continue;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      if (end === -1) return { at: i };
      tokens.push({ kind: 'string', text: text.slice(i + 1, end), at: i });
      i = end + 1;
      continue;
    }
    const word = /^[\p{L}\p{N}_.+-]+/u.exec(text.slice(i));
    if (!word) return { at: i };
    tokens.push({ kind: 'word', text: word[0], at: i });
    i += word[0].length;
  }
  return tokens;
}

/** Parses the text staff typed; empty text means "always shown" (null). */
export function parseCondition(text: string): { ok: true; condition: Condition | null } | { ok: false; error: ConditionSyntaxError } {
  const source = text.trim();
  if (!source) return { ok: true, condition: null };
  if (source.length > MAX_TEXT) return { ok: false, error: { code: 'logic_too_long' } };
  const tokens = tokenize(source);
  if (!Array.isArray(tokens)) return { ok: false, error: { code: 'logic_syntax', at: tokens.at } };
  let pos = 0;
  const peek = () => tokens[pos];
  const keyword = (word: string) => peek()?.kind === 'word' && peek()!.text.toLowerCase() === word;
  class SyntaxFailure extends Error {
    constructor(readonly at: number) {
      super('syntax');
    }
  }
  const fail = (): never => {
    throw new SyntaxFailure(peek()?.at ?? source.length);
  };
  const expect = (kind: Token['kind'], text?: string) => {
    const t = peek();
    if (!t || t.kind !== kind || (text !== undefined && t.text !== text)) fail();
    pos++;
    return t!;
  };
  const valueToken = () => {
    const t = peek();
    if (!t || (t.kind !== 'word' && t.kind !== 'string') || !t.text || t.text.length > VALUE_MAX) fail();
    pos++;
    return t!.text;
  };
  const item = (depth: number): Condition => {
    if (depth > MAX_DEPTH) throw new RangeError('too deep');
    if (peek()?.kind === 'punct' && peek()!.text === '(') {
      pos++;
      const inner = either(depth + 1);
      expect('punct', ')');
      return inner;
    }
    const q = expect('word').text;
    if (!KEY.test(q)) {
      pos--;
      fail();
    }
    const t = peek();
    if (t?.kind === 'op') {
      pos++;
      if (t.text === '=' || t.text === '!=') return { q, op: t.text === '=' ? 'eq' : 'ne', value: valueToken() };
      const number = Number(expect('word').text);
      if (!Number.isFinite(number)) {
        pos--;
        fail();
      }
      return { q, op: t.text === '>' ? 'gt' : 'lt', value: number };
    }
    if (keyword('in')) {
      pos++;
      expect('punct', '(');
      const values = [valueToken()];
      while (peek()?.kind === 'punct' && peek()!.text === ',') {
        pos++;
        values.push(valueToken());
      }
      expect('punct', ')');
      return { q, op: 'in', values: [...new Set(values)] };
    }
    if (keyword('is')) {
      pos++;
      const negated = keyword('not');
      if (negated) pos++;
      if (!keyword('answered')) fail();
      pos++;
      return { q, op: negated ? 'unanswered' : 'answered' };
    }
    return fail();
  };
  const joined = (word: 'and' | 'or', next: () => Condition): Condition => {
    const parts = [next()];
    while (keyword(word)) {
      pos++;
      parts.push(next());
    }
    if (parts.length === 1) return parts[0]!;
    return word === 'and' ? { and: parts } : { or: parts };
  };
  const either = (depth: number): Condition => joined('or', () => joined('and', () => item(depth)));
  try {
    const condition = either(1);
    if (pos < tokens.length) fail();
    const checked = conditionSchema.safeParse(condition);
    if (!checked.success) return { ok: false, error: { code: checked.error.issues.some((i) => i.message === 'logic_too_deep') ? 'logic_too_deep' : 'logic_too_long' } };
    return { ok: true, condition };
  } catch (error) {
    if (error instanceof SyntaxFailure) return { ok: false, error: { code: 'logic_syntax', at: error.at } };
    if (error instanceof RangeError) return { ok: false, error: { code: 'logic_too_deep' } };
    throw error;
  }
}

const quote = (v: string) => (/^[\p{L}\p{N}_.+-]+$/u.test(v) && !['and', 'or', 'in', 'is', 'not', 'answered'].includes(v.toLowerCase()) ? v : `"${v}"`);

/** The text form of a condition (what the edit form shows); parseCondition reads it back to the same condition. */
export function formatCondition(condition: Condition | null, nested = false): string {
  if (!condition) return '';
  if ('and' in condition || 'or' in condition) {
    const [word, parts] = 'and' in condition ? ['and', condition.and] : ['or', condition.or];
    const text = parts.map((c) => formatCondition(c, true)).join(` ${word} `);
    return nested ? `(${text})` : text;
  }
  switch (condition.op) {
    case 'eq':
      return `${condition.q} = ${quote(condition.value)}`;
    case 'ne':
      return `${condition.q} != ${quote(condition.value)}`;
    case 'in':
      return `${condition.q} in (${condition.values.map(quote).join(', ')})`;
    case 'gt':
      return `${condition.q} > ${condition.value}`;
    case 'lt':
      return `${condition.q} < ${condition.value}`;
    case 'answered':
      return `${condition.q} is answered`;
    case 'unanswered':
      return `${condition.q} is not answered`;
  }
}

/* ---------- Checked against the survey ---------- */

/** What a condition or a piped text may refer to: the questions before it, and the link's hidden fields. */
export type Referable = { key: string; type: string; options: string[] };

export type LogicProblem =
  | { code: 'logic_unknown_key'; key: string }
  | { code: 'logic_not_before'; key: string }
  | { code: 'logic_operator'; key: string }
  | { code: 'logic_value'; key: string; value: string };

const NUMERIC = new Set(['rating', 'nps']);
const CHOICES_OF: Record<string, string[]> = { gender: ['female', 'male', 'other', 'prefer_not_to_say'] };

/**
 * Problems of a condition given what comes before it (`before`) and every key of the survey
 * (`all`): a key that does not exist (deleted, mistyped), one that is not before it (a later
 * question, or one on the same page — evaluated on the server, a condition can only read answers
 * already sent, which also rules out cycles), an operator the question's type cannot answer, a
 * value that is not one of its options.
 */
export function conditionProblems(condition: Condition | null, before: Map<string, Referable>, all: Set<string>): LogicProblem[] {
  const problems: LogicProblem[] = [];
  const visit = (c: Condition) => {
    if ('and' in c) return c.and.forEach(visit);
    if ('or' in c) return c.or.forEach(visit);
    const target = before.get(c.q);
    if (!target) return problems.push(all.has(c.q) ? { code: 'logic_not_before', key: c.q } : { code: 'logic_unknown_key', key: c.q });
    if ((c.op === 'gt' || c.op === 'lt') && !NUMERIC.has(target.type)) return problems.push({ code: 'logic_operator', key: c.q });
    // A grid answers per row: only "is answered" / "is not answered" of the grid as a whole.
    if (target.type === 'grid' && c.op !== 'answered' && c.op !== 'unanswered') return problems.push({ code: 'logic_operator', key: c.q });
    const options = target.options.length ? target.options : CHOICES_OF[target.type];
    if (NUMERIC.has(target.type) && (c.op === 'eq' || c.op === 'ne' || c.op === 'in')) {
      for (const v of c.op === 'in' ? c.values : [c.value]) if (!/^-?\d{1,3}$/.test(v)) problems.push({ code: 'logic_value', key: c.q, value: v });
    } else if (options && (c.op === 'eq' || c.op === 'ne' || c.op === 'in')) {
      for (const v of c.op === 'in' ? c.values : [c.value]) if (!options.includes(v)) problems.push({ code: 'logic_value', key: c.q, value: v });
    }
  };
  if (condition) visit(condition);
  return problems;
}

/* ---------- Piping ---------- */

const PIPE = /\{\{\s*([a-z][a-z0-9_]{0,39})\s*\}\}/g;

/** Keys piped into a text as `{{key}}`. */
export function pipedKeys(text: string): string[] {
  return [...new Set([...text.matchAll(PIPE)].map((m) => m[1]!))];
}

/**
 * A text with each `{{key}}` replaced by `display(key)` (an earlier answer as the respondent
 * would read it; empty when unanswered). The result is plain text: React escapes it where it is
 * shown, so an answer can never become markup.
 */
export function pipe(text: string, display: (key: string) => string): string {
  return text.replace(PIPE, (_, k: string) => display(k));
}

/** Problems of the keys piped into a text: like a condition, only earlier answers and hidden fields. */
export function pipeProblems(text: string, before: Map<string, Referable>, all: Set<string>): LogicProblem[] {
  return pipedKeys(text)
    .filter((k) => !before.has(k))
    .map((k) => (all.has(k) ? { code: 'logic_not_before' as const, key: k } : { code: 'logic_unknown_key' as const, key: k }));
}
