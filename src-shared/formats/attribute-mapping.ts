import type { AttributeDef } from '../contract/entities';

export type AttributeValue = boolean | number | string;

export interface AttributeMapping {
  /** The project's attribute schema after the import. */
  schema: AttributeDef[];
  added: AttributeDef[];
  /** Select attributes whose options grew, with the options added. */
  extended: { name: string; options: string[] }[];
  /** Values coerced to the schema, or the reason one cannot be. */
  map(values: Record<string, unknown> | undefined): { ok: true; value: Record<string, AttributeValue> } | { ok: false; reason: string };
}

const TRUE = new Set(['true', '1', 'yes', 'y', 'on']);
const FALSE = new Set(['false', '0', 'no', 'n', 'off']);

function asBoolean(v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 1 || v === 0) return v === 1;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (TRUE.has(s)) return true;
    if (FALSE.has(s)) return false;
  }
  return undefined;
}

function asNumber(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

const hasKeys = (o: object) => {
  for (const _ in o) return true;
  return false;
};
/** The answer for a record without attributes (most records), shared rather than built a million times. */
const NOTHING = Object.freeze({ ok: true as const, value: Object.freeze({}) as Record<string, AttributeValue> });

const isPrimitive = (v: unknown): v is string | number | boolean => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';

/** The narrowest type that holds every value seen: boolean, then number, else text. */
function inferType(values: readonly unknown[]): AttributeDef['type'] {
  if (values.every((v) => typeof v === 'boolean' || (typeof v === 'string' && asBoolean(v) !== undefined && !/^[01]$/.test(v.trim())))) return 'boolean';
  if (values.every((v) => asNumber(v) !== undefined)) return 'number';
  return 'text';
}

/**
 * Maps imported attribute values onto a project's attribute schema. Names the schema lacks are
 * added, typed from the format's declaration when it has one (CVAT) or from the values seen;
 * values are coerced to the schema's type ("true" → true, "3.5" → 3.5), and a select value outside
 * the options extends them. A value that cannot be coerced (text in a number attribute) is a reason
 * to reject its record. Null and undefined values are left out.
 */
export function mapAttributes(schema: readonly AttributeDef[], declared: readonly AttributeDef[], seen: Iterable<Record<string, unknown> | undefined>): AttributeMapping {
  const defs = new Map<string, AttributeDef>(schema.map((d) => [d.name, { ...d, options: d.options ? [...d.options] : undefined }]));
  const added: AttributeDef[] = [];
  const extended = new Map<string, string[]>();
  const samples = new Map<string, unknown[]>();
  for (const values of seen) {
    if (!values) continue;
    for (const [name, v] of Object.entries(values)) {
      if (v === null || v === undefined || defs.has(name)) continue;
      let list = samples.get(name);
      if (!list) samples.set(name, (list = []));
      if (list.length < 1000) list.push(v);
    }
  }
  for (const d of declared) {
    if (defs.has(d.name)) continue;
    const def = { ...d, options: d.options ? [...d.options] : undefined };
    defs.set(d.name, def);
    added.push(def);
    samples.delete(d.name);
  }
  for (const [name, values] of samples) {
    const def: AttributeDef = { name, type: inferType(values) };
    defs.set(name, def);
    added.push(def);
  }

  type Coerced = { ok: true; value: AttributeValue } | { ok: false; reason: string };
  const coerce = (def: AttributeDef, v: unknown): Coerced => {
    const fail = (wants: string): Coerced => ({ ok: false, reason: `attribute "${def.name}" wants ${wants}, got ${JSON.stringify(v)?.slice(0, 60)}` });
    switch (def.type) {
      case 'boolean': {
        const b = asBoolean(v);
        return b === undefined ? fail('true or false') : { ok: true, value: b };
      }
      case 'number': {
        const n = asNumber(v);
        return n === undefined ? fail('a number') : { ok: true, value: n };
      }
      case 'select': {
        if (!isPrimitive(v)) return fail('one of its options');
        const s = String(v);
        if (!def.options) def.options = [];
        if (!def.options.includes(s)) {
          def.options.push(s);
          extended.set(def.name, [...(extended.get(def.name) ?? []), s]);
        }
        return { ok: true, value: s };
      }
      case 'text':
        return { ok: true, value: isPrimitive(v) ? String(v) : JSON.stringify(v) };
    }
  };

  return {
    get schema() {
      return [...defs.values()];
    },
    added,
    get extended() {
      return [...extended].map(([name, options]) => ({ name, options }));
    },
    map(values) {
      if (!values || !hasKeys(values)) return NOTHING;
      const out: Record<string, AttributeValue> = {};
      for (const [name, v] of Object.entries(values)) {
        if (v === null || v === undefined) continue;
        const def = defs.get(name);
        if (!def) return { ok: false, reason: `attribute "${name}" has a value of a type the project cannot hold (${JSON.stringify(v).slice(0, 60)})` };
        const c = coerce(def, v);
        if (!c.ok) return c;
        out[name] = c.value;
      }
      return { ok: true, value: out };
    },
  };
}
