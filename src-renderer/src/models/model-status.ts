import type { z } from 'zod';
import type { samModelSchema } from '../../../src-shared/contract/ai';
import type { ProcedureOutput } from '../../../src-shared/contract/procedures';

/** What the dialog knows of one manifest model: `aiModels` joined with `aiStatus` for it. */
export type SamModel = z.infer<typeof samModelSchema>;
export type EngineStatus = ProcedureOutput<'aiStatus'>;
export type SamModels = ProcedureOutput<'aiModels'>;

const LOCATIONS: Record<NonNullable<SamModel['location']>, string> = {
  data: 'data folder',
  env: '$LABELER_MODELS',
  package: 'bundled package',
};

/** Where a model's files are found, in the words of the model folders (docs/sam.md § Models). */
export function locationLabel(model: SamModel): string {
  return model.location ? LOCATIONS[model.location] : 'not installed';
}

/** Bytes of both files as the manifest lists them, or null when an entry gives no size. */
export function modelBytes(model: SamModel): number | null {
  return model.files.every((f) => f.size !== null) ? model.files.reduce((sum, f) => sum + (f.size ?? 0), 0) : null;
}

export type HashState =
  | { kind: 'absent'; text: string }
  | { kind: 'verified'; text: string }
  | { kind: 'mismatch'; text: string }
  | { kind: 'pending'; text: string }
  | { kind: 'unchecked'; text: string };

/**
 * Whether a model's files match their hashes. Core checks them when it loads a model and when it
 * imports or downloads one; `aiModels` does not say which files were checked, so the answer comes
 * from the engine state (ready = both files matched; UNSUPPORTED_FILE = one did not) or from an
 * import or download this dialog just did.
 */
export function hashState(model: SamModel, engine: EngineStatus | null, checkedHere: boolean): HashState {
  if (!model.installed) return { kind: 'absent', text: '—' };
  // Which hash core enforces: the published one, else (data folder only) the one recorded on arrival.
  const expected = model.files.map((f) => f.sha256 ?? (model.location === 'data' ? f.sha256_recorded : null));
  if (expected.some((h) => !h)) return { kind: 'unchecked', text: 'no hash to check against' };
  if (engine?.state === 'error' && engine.error?.code === 'UNSUPPORTED_FILE') return { kind: 'mismatch', text: 'damaged or wrong file' };
  if (engine?.state === 'ready') return { kind: 'verified', text: 'verified' };
  if (checkedHere) return { kind: 'verified', text: 'verified on arrival' };
  return { kind: 'pending', text: 'checked when first used' };
}

/** The sha256 a file is held to, shortened for a table cell (the full value goes in a tooltip). */
export function shortHash(sha256: string | null): string {
  return sha256 ? `${sha256.slice(0, 8)}…` : 'none';
}

/** "12 on disk (4 in memory), 48 MB of 2.0 GB" for the embedding cache of a loaded engine. */
export function cacheLabel(cache: NonNullable<EngineStatus['cache']>, formatBytes: (n: number) => string): string {
  const entries = cache.disk_entries === 1 ? 'embedding' : 'embeddings';
  return `${cache.disk_entries} ${entries} (${cache.memory_entries} in memory), ${formatBytes(cache.disk_bytes)} of ${formatBytes(cache.max_bytes)}`;
}
