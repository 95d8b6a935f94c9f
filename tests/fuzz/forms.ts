/**
 * The forms of a page as a browser without JavaScript would submit them: action URL, encoding and
 * every named field with its value (hidden `$ACTION_…` fields of server actions included). Pages are
 * our own React markup, so a small tag reader is enough — no HTML parser dependency.
 */
export type FoundForm = {
  /** The page the form was read from (for reports). */
  page: string;
  /** Where it posts (the page itself for a server action). */
  url: string;
  method: 'GET' | 'POST';
  fields: [name: string, value: string][];
  /** Every value a choice field offers (radios, checkboxes, select options): mutations pick from them too. */
  choices: Record<string, string[]>;
};

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === '#') return String.fromCodePoint(name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1)));
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

function attributes(tag: string): Record<string, string> {
  const found: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w:$-]+)(?:="([^"]*)")?/g)) found[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? '');
  return found;
}

/** Every form of `html`, with the values a browser would send by default (checked boxes, first options). */
export function formsOf(html: string, pageUrl: string): FoundForm[] {
  const forms: FoundForm[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const form = attributes(match[1]!);
    const body = match[2]!;
    const fields: [string, string][] = [];
    const choices: Record<string, string[]> = {};
    for (const input of body.matchAll(/<input\b([^>]*?)\/?>/gi)) {
      const a = attributes(input[1]!);
      if (!a.name) continue;
      if (a.type === 'checkbox' || a.type === 'radio') {
        // A choice: its first option is sent (as if picked), the others are values to try.
        const value = a.value ?? 'on';
        const known = (choices[a.name] ??= []);
        if (known.length === 0) fields.push([a.name, value]);
        known.push(value);
        continue;
      }
      fields.push([a.name, a.value ?? '']);
    }
    for (const area of body.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const a = attributes(area[1]!);
      if (a.name) fields.push([a.name, decodeEntities(area[2]!)]);
    }
    for (const select of body.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const a = attributes(select[1]!);
      const options = [...select[2]!.matchAll(/<option\b[^>]*value="([^"]*)"/gi)].map((o) => decodeEntities(o[1]!)).filter(Boolean);
      if (!a.name) continue;
      fields.push([a.name, options[0] ?? '']);
      choices[a.name] = options;
    }
    // Submit buttons that carry a name (Next/Back/Finish, the cookie choices).
    // A browser sends only the button pressed: the first of each name.
    const buttons = new Set<string>();
    for (const button of body.matchAll(/<button\b([^>]*)>/gi)) {
      const a = attributes(button[1]!);
      if (a.name && !buttons.has(a.name)) fields.push([a.name, a.value ?? '']);
      if (a.name) buttons.add(a.name);
    }
    const action = form.action && !form.action.startsWith('javascript:') ? new URL(form.action, pageUrl).toString() : pageUrl;
    forms.push({ page: new URL(pageUrl).pathname, url: action, method: (form.method ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET', fields, choices });
  }
  return forms;
}
