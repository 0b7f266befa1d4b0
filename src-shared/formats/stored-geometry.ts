/**
 * Boxes and polygons read straight from their stored JSON (`{"type":"polygon","points":[[x,y],…]}`
 * as JSON.stringify wrote it), without building the point arrays: a large export spends most of
 * its time parsing geometry it only needs to copy, bound and measure. Numbers are exact: short
 * decimals are divided out (an integer below 2^53 over an exact power of ten rounds once, to the
 * same double JSON.parse gives), anything longer goes through Number().
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/** Parses the JSON number starting at `i`; returns the value and sets `scan.end`. NaN when none is there. */
function scanNumber(s: string, i: number, scan: { end: number }): number {
  const start = i;
  let negative = false;
  if (s.charCodeAt(i) === 45) {
    negative = true;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let fraction = 0;
  let c = s.charCodeAt(i);
  while (c >= 48 && c <= 57) {
    mantissa = mantissa * 10 + (c - 48);
    digits++;
    c = s.charCodeAt(++i);
  }
  if (c === 46) {
    c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      fraction++;
      c = s.charCodeAt(++i);
    }
  }
  let exact = digits > 0 && digits <= 15;
  if (c === 101 || c === 69) {
    exact = false;
    c = s.charCodeAt(++i);
    if (c === 43 || c === 45) c = s.charCodeAt(++i);
    while (c >= 48 && c <= 57) c = s.charCodeAt(++i);
  }
  scan.end = i;
  if (!digits) return Number.NaN;
  if (exact) {
    const value = fraction ? mantissa / POW10[fraction] : mantissa;
    return negative ? -value : value;
  }
  return Number(s.slice(start, i));
}

export interface StoredPolygon {
  /** "x,y,x,y,…" exactly as stored. */
  flat: string;
  count: number;
  bounds: [number, number, number, number];
  /** Shoelace area, computed in the same order as `polygonArea`. */
  area: number;
}

const POLYGON = '{"type":"polygon","points":[[';

/** A stored plain polygon (no holes, no other keys); null for anything else. */
export function storedPolygon(json: string): StoredPolygon | null {
  if (!json.startsWith(POLYGON) || !json.endsWith(']]}')) return null;
  const scan = { end: 0 };
  let i = POLYGON.length;
  const last = json.length - 3;
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  let twice = 0;
  let firstX = 0;
  let firstY = 0;
  let prevX = 0;
  let prevY = 0;
  let count = 0;
  for (;;) {
    const x = scanNumber(json, i, scan);
    if (json.charCodeAt(scan.end) !== 44) return null;
    const y = scanNumber(json, scan.end + 1, scan);
    if (Number.isNaN(x) || Number.isNaN(y) || json.charCodeAt(scan.end) !== 93) return null;
    if (count) twice += prevX * y - x * prevY;
    else {
      firstX = x;
      firstY = y;
    }
    prevX = x;
    prevY = y;
    count++;
    if (x < x0) x0 = x;
    if (y < y0) y0 = y;
    if (x > x1) x1 = x;
    if (y > y1) y1 = y;
    i = scan.end + 1;
    if (i === last + 1) break;
    if (json.charCodeAt(i) !== 44 || json.charCodeAt(i + 1) !== 91) return null;
    i += 2;
  }
  if (count < 3) return null;
  twice += prevX * firstY - firstX * prevY;
  return { flat: json.slice(POLYGON.length, last).replaceAll('],[', ','), count, bounds: [x0, y0, x1 - x0, y1 - y0], area: Math.abs(twice) / 2 };
}

const BOX = '{"type":"bbox","bbox":[';

/** A stored box: its "[x,y,w,h]" text as stored and its area; null for anything else. */
export function storedBox(json: string): { text: string; area: number } | null {
  if (!json.startsWith(BOX) || !json.endsWith(']}')) return null;
  const scan = { end: 0 };
  let i = BOX.length;
  const values: number[] = [];
  for (let k = 0; k < 4; k++) {
    const v = scanNumber(json, i, scan);
    if (Number.isNaN(v)) return null;
    values.push(v);
    const next = json.charCodeAt(scan.end);
    if (next !== (k < 3 ? 44 : 93)) return null;
    i = scan.end + 1;
  }
  if (i !== json.length - 1) return null;
  return { text: json.slice(BOX.length - 1, json.length - 1), area: values[2] * values[3] };
}

/** The `type` of a stored geometry, read from its JSON without parsing it (null when it does not start as expected). */
export function storedType(json: string): string | null {
  if (!json.startsWith('{"type":"')) return null;
  const end = json.indexOf('"', 9);
  return end > 9 ? json.slice(9, end) : null;
}
