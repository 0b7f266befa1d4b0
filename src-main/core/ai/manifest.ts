import fs from 'node:fs';
import { z } from 'zod';
import bundled from '../../../models/manifest.json';
import { AppError } from '../../../src-shared/contract/errors';
import { DECODER_VARIANTS, SUPPORTED_DECODERS, type ModelSpec } from './types';

/**
 * The model manifest: which SAM-family models exist, where their files come from and what each
 * graph expects. `models/manifest.json` ships with the app; a user may add or override entries in
 * `<data dir>/models/manifest.json` (same format).
 */
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'a sha256 is 64 lowercase hex digits');

const fileSchema = z.object({
  name: z.string().min(1).regex(/^[^/\\]+$/, 'a file name, not a path'),
  url: z.string().url().nullable().default(null),
  sha256: sha256.nullable().default(null),
  size: z.number().int().positive().nullable().default(null),
  /** Where the published hash comes from, or why there is none. */
  sha256_source: z.string().optional(),
});

export const modelEntrySchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9._-]*$/, 'ids are lowercase letters, digits, ".", "_" and "-"'),
  name: z.string().min(1),
  description: z.string().default(''),
  license: z.string().default('unknown'),
  source: z.object({ npm: z.string().optional(), dir: z.string().optional(), page: z.string().optional() }).default({}),
  files: z.object({ encoder: fileSchema, decoder: fileSchema }),
  input_size: z.number().int().positive().default(1024),
  encoder_input: z.enum(['nchw-normalized', 'hwc-rgb-resized']).default('nchw-normalized'),
  normalization: z.object({ mean: z.tuple([z.number(), z.number(), z.number()]), std: z.tuple([z.number(), z.number(), z.number()]) }).nullable().default(null),
  decoder_variant: z.enum(DECODER_VARIANTS),
  sha256_note: z.string().optional(),
  notes: z.string().optional(),
});
export type ModelEntry = z.infer<typeof modelEntrySchema>;

export const manifestSchema = z.object({ default: z.string(), models: z.array(modelEntrySchema).min(1) });
export type Manifest = z.infer<typeof manifestSchema>;

function parseManifest(value: unknown, where: string): Manifest {
  const parsed = manifestSchema.safeParse(value);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    throw new AppError('VALIDATION_ERROR', `The model manifest ${where} is invalid at ${first.path.join('.') || '(root)'}: ${first.message}. Fix or remove it.`);
  }
  return parsed.data;
}

/** The manifest shipped with the app. */
export function bundledManifest(): Manifest {
  return parseManifest(bundled, 'models/manifest.json');
}

/** The shipped manifest with a user's additions (entries with the same id replace shipped ones). */
export function loadManifest(userFile: string | null): Manifest {
  const base = bundledManifest();
  if (!userFile || !fs.existsSync(userFile)) return base;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(userFile, 'utf8'));
  } catch (error) {
    throw new AppError('VALIDATION_ERROR', `The model manifest ${userFile} is not valid JSON (${(error as Error).message}). Fix or remove it.`);
  }
  const user = parseManifest({ default: base.default, ...(raw as object) }, userFile);
  const byId = new Map(base.models.map((m) => [m.id, m]));
  for (const model of user.models) byId.set(model.id, model);
  return { default: user.default, models: [...byId.values()] };
}

export function findModel(manifest: Manifest, id: string): ModelEntry {
  const entry = manifest.models.find((m) => m.id === id);
  if (!entry) throw new AppError('NOT_FOUND', `No model "${id}" in the manifest. Known models: ${manifest.models.map((m) => m.id).join(', ')}.`);
  return entry;
}

export function isSupported(entry: ModelEntry): boolean {
  return SUPPORTED_DECODERS.includes(entry.decoder_variant);
}

export function specOf(entry: ModelEntry): ModelSpec {
  return { id: entry.id, inputSize: entry.input_size, encoderInput: entry.encoder_input, normalization: entry.normalization, decoderVariant: entry.decoder_variant };
}
