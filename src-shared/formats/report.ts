import type { FileSource, FormatWarning, Rejection, Where } from './model';

const EXAMPLES = 5;

/**
 * Collects rejections (records that cannot be imported) and warnings (counted by code) while a
 * parser or writer runs, so nothing is dropped without a line in the report.
 */
export class ReportCollector {
  readonly rejected: Rejection[] = [];
  private readonly warningsByCode = new Map<string, FormatWarning>();

  reject(where: Where, reason: string): void {
    this.rejected.push({ file: where.file, position: where.position, reason });
  }

  /** Adds `count` to the warning `code`; the first message given for a code is the one kept. */
  warn(code: string, message: string, example?: string, count = 1): void {
    let warning = this.warningsByCode.get(code);
    if (!warning) {
      warning = { code, message, count: 0, examples: [] };
      this.warningsByCode.set(code, warning);
    }
    warning.count += count;
    if (example !== undefined && warning.examples.length < EXAMPLES && !warning.examples.includes(example)) warning.examples.push(example);
  }

  merge(other: { rejected: readonly Rejection[]; warnings: readonly FormatWarning[] }): void {
    this.rejected.push(...other.rejected);
    for (const w of other.warnings) {
      this.warn(w.code, w.message, undefined, w.count);
      const mine = this.warningsByCode.get(w.code)!;
      for (const e of w.examples) if (mine.examples.length < EXAMPLES && !mine.examples.includes(e)) mine.examples.push(e);
    }
  }

  get warnings(): FormatWarning[] {
    return [...this.warningsByCode.values()];
  }
}

export const at = (file: string, position: string): Where => ({ file, position });

/**
 * The position of an array element, spelled out only when asked for: a million-annotation file
 * needs a million of these, and almost none is ever printed.
 */
export class ElementWhere implements Where {
  constructor(readonly file: string, private readonly array: string, private readonly index: number) {}
  get position(): string {
    return `${this.array}[${this.index}]`;
  }
}

/** A number that is finite (JSON can carry strings, nulls and nested junk where numbers belong). */
export const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Parses a decimal number from text strictly (no trailing junk, no empty string). */
export function parseNum(text: string | undefined | null): number | null {
  if (text === undefined || text === null) return null;
  const t = String(text).trim();
  if (t === '' || !/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

export const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Largest image side we accept from a file's claims; anything larger is a corrupt or hostile header. */
export const MAX_IMAGE_SIDE = 100_000;

/** Checks a declared image size; returns a reason when it is absurd, null when it is fine. */
export function badImageSize(width: unknown, height: unknown): string | null {
  if (!isNum(width) || !isNum(height)) return `width and height must be numbers (got ${JSON.stringify(width)} × ${JSON.stringify(height)})`;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) return `width and height must be positive integers (got ${width} × ${height})`;
  if (width > MAX_IMAGE_SIDE || height > MAX_IMAGE_SIDE) return `claimed size ${width} × ${height} is larger than ${MAX_IMAGE_SIDE} px on a side`;
  return null;
}

/** Forward slashes, no leading "./" — the one form image paths take inside the interchange model. */
export function normalisePath(p: string): string {
  let s = p.replace(/\\/g, '/');
  while (s.startsWith('./')) s = s.slice(2);
  return s.replace(/\/{2,}/g, '/');
}

export const basename = (p: string): string => {
  const s = normalisePath(p);
  return s.slice(s.lastIndexOf('/') + 1);
};

export const stem = (p: string): string => {
  const b = basename(p);
  const dot = b.lastIndexOf('.');
  return dot > 0 ? b.slice(0, dot) : b;
};

export const dirname = (p: string): string => {
  const s = normalisePath(p);
  const i = s.lastIndexOf('/');
  return i < 0 ? '' : s.slice(0, i);
};

export const joinPath = (...parts: string[]): string => normalisePath(parts.filter(Boolean).join('/'));

export const IMAGE_FILE = /\.(jpe?g|png|webp|bmp|gif|tiff?)$/i;

/** The reason a file's text could not be read, as the source explains it. */
export const unreadable = (source: FileSource, path: string): string => source.problem?.(path) ?? 'cannot read the file';
