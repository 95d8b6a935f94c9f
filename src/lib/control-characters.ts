/**
 * Control characters (NUL and the other C0 codes but tab and line breaks, and DEL) are refused in
 * every form field before any command runs (the action wrappers, src/server/action.ts): PostgreSQL
 * cannot store a NUL in text while SQLite can, and no person types them. One rule for both
 * databases: the form comes back with the fields marked and what was typed, without them.
 */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

export function hasControlCharacters(value: string): boolean {
  CONTROL_CHARACTERS.lastIndex = 0;
  return CONTROL_CHARACTERS.test(value);
}

/** Null when every field is clean; else the fields to mark and the values without those characters. */
export function refuseControlCharacters(fields: Record<string, string>): { fieldErrors: Record<string, string>; values: Record<string, string> } | null {
  const marked = Object.keys(fields).filter((key) => hasControlCharacters(fields[key]!));
  if (marked.length === 0) return null;
  return {
    fieldErrors: Object.fromEntries(marked.map((key) => [key, 'invalid_characters'])),
    values: Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, value.replace(CONTROL_CHARACTERS, '')])),
  };
}
