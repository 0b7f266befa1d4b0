import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import { downloadFile } from './download';
import { findModel, isSupported, loadManifest, specOf, type Manifest, type ModelEntry } from './manifest';
import { createHashCache, locateModel, sha256File, type HashCache, type ModelLocation, type ModelRoots } from './model-files';
import type { ResolvedModel } from './types';

/**
 * Which models this machine has and how to get more: the manifest, the folders models live in,
 * importing files from disk and downloading them on request. Nothing is fetched unless asked.
 *
 * `<data dir>/models/<id>/` holds imported and downloaded files; `recorded-sha256.json` there
 * keeps the hash of a file whose manifest entry publishes none, taken when it first arrived.
 */
export interface ModelInfo {
  id: string;
  name: string;
  description: string;
  license: string;
  decoder_variant: string;
  supported: boolean;
  is_default: boolean;
  installed: boolean;
  location: ModelLocation | null;
  dir: string | null;
  downloadable: boolean;
  files: { role: 'encoder' | 'decoder'; name: string; url: string | null; sha256: string | null; sha256_recorded: string | null; size: number | null; present: boolean }[];
  sha256_note: string | null;
}

export interface ModelManagerOptions {
  dataDir: string;
  /** `$LABELER_MODELS` by default. */
  envModels?: string | null;
  /** Replaces the manifest (tests, the REST server); the shipped one plus the user's otherwise. */
  manifest?: Manifest;
  hashes?: HashCache;
  fetch?: typeof fetch;
}

const ROLES = ['encoder', 'decoder'] as const;

export function createModelManager(options: ModelManagerOptions) {
  const roots: ModelRoots = { dataModels: path.join(options.dataDir, 'models'), envModels: options.envModels === undefined ? process.env.LABELER_MODELS || null : options.envModels };
  const hashes = options.hashes ?? createHashCache(path.join(options.dataDir, 'ai', 'verified-models.json'));
  const manifest = () => options.manifest ?? loadManifest(path.join(roots.dataModels, 'manifest.json'));
  const recordFile = (id: string) => path.join(roots.dataModels, id, 'recorded-sha256.json');
  const recorded = (id: string): Partial<Record<'encoder' | 'decoder', string>> => {
    try {
      return JSON.parse(fs.readFileSync(recordFile(id), 'utf8'));
    } catch {
      return {};
    }
  };
  const record = (id: string, role: 'encoder' | 'decoder', sha256: string) => {
    const next = { ...recorded(id), [role]: sha256 };
    fs.writeFileSync(recordFile(id), JSON.stringify(next, null, 1));
  };

  const info = (entry: ModelEntry, defaultId: string): ModelInfo => {
    const found = locateModel(entry, roots);
    const known = recorded(entry.id);
    return {
      id: entry.id,
      name: entry.name,
      description: entry.description,
      license: entry.license,
      decoder_variant: entry.decoder_variant,
      supported: isSupported(entry),
      is_default: entry.id === defaultId,
      installed: Boolean(found),
      location: found?.location ?? null,
      dir: found?.dir ?? null,
      downloadable: ROLES.every((role) => entry.files[role].url),
      files: ROLES.map((role) => ({
        role,
        name: entry.files[role].name,
        url: entry.files[role].url,
        sha256: entry.files[role].sha256,
        sha256_recorded: known[role] ?? null,
        size: entry.files[role].size,
        present: Boolean(found) || fs.existsSync(path.join(roots.dataModels, entry.id, entry.files[role].name)),
      })),
      sha256_note: entry.sha256_note ?? null,
    };
  };

  const manager = {
    roots,
    hashes,
    manifest,
    defaultModelId: () => manifest().default,

    list(): ModelInfo[] {
      const m = manifest();
      return m.models.map((entry) => info(entry, m.default));
    },

    get(id: string): ModelInfo {
      const m = manifest();
      return info(findModel(m, id), m.default);
    },

    /**
     * The files and expected hashes to load a model with: the manifest's hash, or for a model
     * whose entry publishes none, the hash recorded when it was imported or downloaded.
     */
    resolve(id: string): ResolvedModel {
      const entry = findModel(manifest(), id);
      if (!isSupported(entry)) throw new AppError('NOT_IMPLEMENTED', `Model "${id}" uses the "${entry.decoder_variant}" decoder, which this version cannot run yet. Choose another model (labeler models list).`);
      const found = locateModel(entry, roots);
      if (!found) {
        const how = ROLES.every((role) => entry.files[role].url) ? `download it (labeler models download ${id})` : `import its files (labeler models import ${id} --encoder FILE --decoder FILE)`;
        throw new AppError('NOT_FOUND', `Model "${id}" is not installed: ${how}.`);
      }
      const known = found.location === 'data' ? recorded(id) : {};
      return {
        spec: specOf(entry),
        files: { encoder: found.encoder, decoder: found.decoder },
        sha256: { encoder: entry.files.encoder.sha256 ?? known.encoder ?? null, decoder: entry.files.decoder.sha256 ?? known.decoder ?? null },
      };
    },

    /** Copies a model's files from disk into the data folder, checking each against its hash first. */
    async importFiles(id: string, files: { encoder: string; decoder: string }): Promise<ModelInfo> {
      const entry = findModel(manifest(), id);
      const dir = path.join(roots.dataModels, id);
      await fs.promises.mkdir(dir, { recursive: true });
      for (const role of ROLES) {
        const source = path.resolve(files[role]);
        if (!fs.existsSync(source)) throw new AppError('NOT_FOUND', `The ${role} file ${source} does not exist. Check the path.`);
        const sha256 = await sha256File(source);
        const expected = entry.files[role].sha256;
        if (expected && sha256 !== expected) {
          throw new AppError('UNSUPPORTED_FILE', `${source} is not the ${role} of "${id}": its sha256 is ${sha256}, the manifest expects ${expected}. Nothing was imported.`, [{ field: role, message: 'sha256 mismatch' }]);
        }
      }
      for (const role of ROLES) {
        const target = path.join(dir, entry.files[role].name);
        await fs.promises.copyFile(path.resolve(files[role]), `${target}.tmp`);
        // Hashed again after the copy: the recorded hash is the one of the file actually kept.
        const sha256 = await sha256File(`${target}.tmp`);
        if (entry.files[role].sha256 && sha256 !== entry.files[role].sha256) {
          await fs.promises.rm(`${target}.tmp`, { force: true });
          throw new AppError('IO_ERROR', `Copying the ${role} to ${target} corrupted it (disk full?). Nothing was imported.`);
        }
        await fs.promises.rename(`${target}.tmp`, target);
        if (!entry.files[role].sha256) record(id, role, sha256);
      }
      return manager.get(id);
    },

    /** Downloads a model's files from their manifest URLs (resuming, hash-checked), on request only. */
    async download(id: string, opts: { onProgress?: (done: number, total: number, file: string) => void; signal?: AbortSignal } = {}): Promise<ModelInfo> {
      const entry = findModel(manifest(), id);
      const missing = ROLES.filter((role) => !entry.files[role].url);
      if (missing.length) throw new AppError('VALIDATION_ERROR', `Model "${id}" has no download URL for its ${missing.join(' and ')}. Import the files from disk instead.`);
      const dir = path.join(roots.dataModels, id);
      await fs.promises.mkdir(dir, { recursive: true });
      const sizes = ROLES.map((role) => entry.files[role].size ?? 0);
      let before = 0;
      for (const [i, role] of ROLES.entries()) {
        const file = entry.files[role];
        const target = path.join(dir, file.name);
        if (fs.existsSync(target) && file.sha256 && (await hashes.sha256(target)).sha256 === file.sha256) {
          before += sizes[i];
          continue;
        }
        const result = await downloadFile(file.url!, target, {
          sha256: file.sha256,
          signal: opts.signal,
          fetch: options.fetch,
          onProgress: (done, total) => opts.onProgress?.(before + done, sizes.every(Boolean) ? sizes[0] + sizes[1] : before + (total ?? done), file.name),
        });
        if (!file.sha256) record(id, role, result.sha256);
        before += result.bytes;
      }
      return manager.get(id);
    },
  };
  return manager;
}

export type ModelManager = ReturnType<typeof createModelManager>;
