import { describe, expect, it } from 'vitest';
import { readContactsCsv } from '@/features/invitations/contacts-csv';

const streamOf = (text: string) => new Blob([text]).stream();
const read = (text: string, hidden = ['store']) => readContactsCsv(streamOf(text), hidden);

describe('P5.1 P2.1 a survey’s contact list (CSV)', () => {
  it('reads email or phone, language and the survey’s hidden fields; addresses lower-cased, numbers without spaces', async () => {
    const { rows, errors } = await read('email,phone,language,store\nLeyla@Example.AZ,,en,baku-28\n,+994 (50) 123-45-67,,\n');
    expect(errors).toEqual([]);
    expect(rows).toEqual([
      { line: 2, email: 'leyla@example.az', phone: null, locale: 'en', linkValues: { store: 'baku-28' } },
      { line: 3, email: null, phone: '+994501234567', locale: 'az', linkValues: {} },
    ]);
  });

  it('refuses what it does not know, by line and column, never quoting a value', async () => {
    const unknown = await read('email,notes\na@example.az,likes cake\n');
    expect(unknown.errors).toEqual([{ line: 1, column: '#2', code: 'unknown_column' }]);
    const { rows, errors } = await read('email,phone,language,store\nnot-an-email,,en,\n,,az,\nb@example.az,,fr,\nc@example.az,,,x\u0007y\nb@example.az,,en,\n');
    expect(rows).toEqual([]);
    expect(errors).toEqual([
      { line: 2, column: 'email', code: 'invalid_email' },
      { line: 3, code: 'no_contact' },
      { line: 4, column: 'language', code: 'invalid_language' },
      { line: 5, column: 'store', code: 'control_characters' },
      { line: 6, column: 'email', code: 'duplicate_contact' },
    ]);
    expect(JSON.stringify(errors)).not.toContain('example.az');
    expect((await read('')).errors).toEqual([{ line: 1, code: 'empty_file' }]);
    expect((await read('language\naz\n')).errors).toEqual([{ line: 1, code: 'no_contact_column' }]);
  });
});
