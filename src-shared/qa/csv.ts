/**
 * CSV as RFC 4180 defines it: fields split by commas, records by CRLF (LF and CR alone are
 * accepted too), a field in double quotes may hold commas, line breaks and doubled quotes ("").
 * Parsing returns a value, never throws: the first malformed spot with its line and column.
 */
export type CsvParse = { ok: true; rows: string[][] } | { ok: false; line: number; column: number; reason: string };

export function parseCsv(text: string): CsvParse {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let quoted = false;
  let fieldStarted = false;
  const endField = () => {
    row.push(field);
    field = '';
    quoted = false;
    fieldStarted = false;
  };
  const endRow = () => {
    endField();
    rows.push(row);
    row = [];
  };
  while (i < src.length) {
    const c = src[i];
    if (quoted) {
      if (c === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        const next = src[i];
        if (next !== undefined && next !== ',' && next !== '\n' && next !== '\r') {
          return { ok: false, line, column: i - lineStart + 1, reason: 'text after a closing quote; a quote inside a quoted field must be doubled ("")' };
        }
        continue;
      }
      if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) {
        line++;
        lineStart = i + 1;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"') {
      if (fieldStarted) return { ok: false, line, column: i - lineStart + 1, reason: 'a quote inside an unquoted field; quote the whole field and double the quote ("")' };
      quoted = true;
      fieldStarted = true;
      i++;
    } else if (c === ',') {
      endField();
      i++;
    } else if (c === '\r' || c === '\n') {
      endRow();
      i += c === '\r' && src[i + 1] === '\n' ? 2 : 1;
      line++;
      lineStart = i;
    } else {
      field += c;
      fieldStarted = true;
      i++;
    }
  }
  if (quoted) return { ok: false, line, column: src.length - lineStart + 1, reason: 'a quoted field is never closed: the file may be cut short' };
  if (fieldStarted || row.length) endRow();
  return { ok: true, rows };
}

/**
 * Records keyed by the header row. Blank lines are skipped; a record with a different number of
 * fields than the header is rejected by its line number and the rest are kept.
 */
export function csvRecords(text: string): { ok: true; records: { line: number; record: Record<string, string> }[]; rejected: { line: number; reason: string }[] } | Extract<CsvParse, { ok: false }> {
  const parsed = parseCsv(text);
  if (!parsed.ok) return parsed;
  const lines = physicalLines(parsed.rows);
  const [header, ...body] = parsed.rows;
  if (!header) return { ok: true, records: [], rejected: [] };
  const names = header.map((h) => h.trim());
  const records: { line: number; record: Record<string, string> }[] = [];
  const rejected: { line: number; reason: string }[] = [];
  body.forEach((row, r) => {
    const line = lines[r + 1];
    if (row.length === 1 && row[0] === '') return;
    if (row.length !== names.length) {
      rejected.push({ line, reason: `has ${row.length} fields where the header has ${names.length}` });
      return;
    }
    records.push({ line, record: Object.fromEntries(names.map((n, i) => [n, row[i]])) });
  });
  return { ok: true, records, rejected };
}

/** The line each row starts on (rows with quoted line breaks span several). */
function physicalLines(rows: string[][]): number[] {
  const out: number[] = [];
  let line = 1;
  for (const row of rows) {
    out.push(line);
    line += 1 + row.reduce((n, f) => n + (f.match(/\r\n|\n|\r/g)?.length ?? 0), 0);
  }
  return out;
}

type Cell = string | number | boolean | null | undefined;

/** One field, quoted when it holds a comma, quote, line break or edge spaces. */
export function csvField(value: Cell): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows to CSV text with CRLF record ends, as RFC 4180 writes them. */
export function toCsv(rows: readonly (readonly Cell[])[]): string {
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + (rows.length ? '\r\n' : '');
}
