import type { Rejection } from './model';

/** Line and column (1-based) of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  const end = Math.min(offset, text.length);
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, column: end - last };
}

const stripBom = (text: string) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

/**
 * JSON.parse with a rejection that says where and why it failed ("line 3, column 18: the file
 * ends in the middle of a value — it was probably cut short").
 */
export function parseJson(text: string, file: string): { ok: true; value: unknown } | { ok: false; rejection: Rejection } {
  const source = stripBom(text);
  try {
    return { ok: true, value: JSON.parse(source) };
  } catch (error) {
    const message = (error as Error).message;
    const match = /position (\d+)/.exec(message);
    const truncated = /end of (JSON|data)|Unterminated string|Unexpected end/i.test(message) || (match && Number(match[1]) >= source.trimEnd().length);
    const offset = match ? Number(match[1]) : source.length;
    const { line, column } = lineColumn(source, offset);
    const reason = truncated
      ? 'the JSON ends in the middle of a value: the file was probably cut short (truncated); export or copy it again'
      : `not valid JSON (${message.replace(/\s*in JSON at position \d+.*$/, '').replace(/^Unexpected token/, 'unexpected character').slice(0, 160)})`;
    return { ok: false, rejection: { file, position: `line ${line}, column ${column}`, reason } };
  }
}

/** The text without a byte-order mark, split into lines (any line ending). */
export const textLines = (text: string): string[] => stripBom(text).split(/\r\n|\n|\r/);
