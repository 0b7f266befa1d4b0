import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { Rejection } from './model';
import { isRecord } from './report';

/**
 * XML in and out for VOC and CVAT. Values stay strings (numbers are parsed by the adapters so a
 * bad one is reported, not silently NaN); DOCTYPE entity declarations are refused outright, so an
 * "entity expansion" file cannot blow up memory.
 */

export type XmlNode = Record<string, unknown>;

export function parseXml(text: string, file: string, arrays: readonly string[]): { ok: true; doc: XmlNode } | { ok: false; rejection: Rejection } {
  if (/<!ENTITY/i.test(text.slice(0, 10_000))) {
    return { ok: false, rejection: { file, position: 'DOCTYPE', reason: 'XML entity declarations are not accepted (they can expand without bound); remove the DOCTYPE' } };
  }
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    const truncated = /Unclosed|closing tag/i.test(msg) && text.trimEnd().length > 0 && line >= text.trimEnd().split('\n').length - 1;
    return {
      ok: false,
      rejection: { file, position: `line ${line}, column ${col}`, reason: `not well-formed XML: ${msg}${truncated ? ' (the file may be truncated)' : ''}` },
    };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && arrays.includes(name),
  });
  const doc = parser.parse(text) as unknown;
  return isRecord(doc) ? { ok: true, doc } : { ok: false, rejection: { file, position: 'top level', reason: 'the XML has no root element' } };
}

/** The text of a child element (`<name>cat</name>` or `<name attr="">cat</name>`), or undefined when absent or empty. */
export function childText(node: XmlNode, tag: string): string | undefined {
  const v = node[tag];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.trim() === '' ? undefined : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isRecord(v) && typeof v['#text'] === 'string') return v['#text'].trim() || undefined;
  return undefined;
}

/** The children named `tag` as a list (absent → []). */
export function children(node: XmlNode, tag: string): XmlNode[] {
  const v = node[tag];
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter(isRecord);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export const xmlEscape = (s: string): string => s.replace(/[&<>"']/g, (c) => ESCAPES[c]);
