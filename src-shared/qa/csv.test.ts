import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { csvRecords, parseCsv, toCsv } from './csv';

describe('CSV (RFC 4180)', () => {
  it('parses quoted fields holding commas, doubled quotes and line breaks', () => {
    const text = 'id,text\r\n1,"Hello, ""world"""\r\n2,"two\r\nlines"\r\n3,plain\n';
    expect(parseCsv(text)).toEqual({ ok: true, rows: [['id', 'text'], ['1', 'Hello, "world"'], ['2', 'two\r\nlines'], ['3', 'plain']] });
  });

  it('keeps empty fields, a missing final line break, and strips a byte-order mark', () => {
    expect(parseCsv('\ufeffa,,c\n,"",')).toEqual({ ok: true, rows: [['a', '', 'c'], ['', '', '']] });
  });

  it('reports an unterminated quote and stray quotes by line and column', () => {
    expect(parseCsv('a,b\n1,"open\n')).toMatchObject({ ok: false, line: 3, reason: expect.stringMatching(/never closed/) });
    expect(parseCsv('a,b\n1,x"y\n')).toMatchObject({ ok: false, line: 2, column: 4, reason: expect.stringMatching(/unquoted field/) });
    expect(parseCsv('"a"b,c')).toMatchObject({ ok: false, line: 1, column: 4 });
  });

  it('turns rows into records by header, rejecting rows of the wrong width by line', () => {
    const result = csvRecords('type,text\nTXT_CLS,"multi\nline"\n\nTXT_CLS\nTXT_CLS,ok\n');
    expect(result).toEqual({
      ok: true,
      records: [{ line: 2, record: { type: 'TXT_CLS', text: 'multi\nline' } }, { line: 6, record: { type: 'TXT_CLS', text: 'ok' } }],
      rejected: [{ line: 5, reason: 'has 1 fields where the header has 2' }],
    });
  });

  it('round-trips any table of strings through toCsv and parseCsv', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '\r\n'), maxLength: 8 });
    fc.assert(fc.property(fc.array(fc.array(cell, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 6 }), (rows) => {
      const width = rows[0].length;
      const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
      expect(parseCsv(toCsv(table))).toEqual({ ok: true, rows: table });
    }));
  });
});
