import { describe, expect, it } from 'vitest';
import { hasControlCharacters, refuseControlCharacters } from '@/lib/control-characters';

/** Issue 10 — one rule on both databases for text PostgreSQL cannot store (a NUL). */
describe('control characters in form fields', () => {
  it('refuses NUL, the other C0 controls and DEL; keeps tabs, line breaks and any letter', () => {
    for (const bad of ['a\u0000b', '\u0001', 'x\u001by', '\u007f']) expect(hasControlCharacters(bad), JSON.stringify(bad)).toBe(true);
    for (const good of ['Salam, dünya', 'line\r\nbreak\ttab', 'ə ğ ı ö ü ç ş', '😀', '']) expect(hasControlCharacters(good), JSON.stringify(good)).toBe(false);
  });

  it('marks the fields that hold them and gives back what was typed without them', () => {
    expect(refuseControlCharacters({ comment: 'fine' })).toBeNull();
    expect(refuseControlCharacters({ comment: 'bad\u0000text', email: 'a@b.az', name: 'x\u0007' })).toEqual({
      fieldErrors: { comment: 'invalid_characters', name: 'invalid_characters' },
      values: { comment: 'badtext', email: 'a@b.az', name: 'x' },
    });
  });
});
