import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import type { ModelEntry } from './manifest';
import type { ResolvedModel } from './types';

/** Streams a file through sha256 (model files are tens to hundreds of MB). */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Remembers the hash of files already hashed, by path + size + mtime, in a small JSON file, so
 * checking 45 MB of weights costs a stat on every start instead of a read.
 */
export function createHashCache(file: string | null) {
  let entries: Record<string, { size: number; mtimeMs: number; sha256: string }> | null = null;
  const load = () => {
    if (entries) return entries;
    try {
      entries = file ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
    } catch {
      entries = {};
    }
    return entries!;
  };
  return {
    async sha256(target: string): Promise<{ sha256: string; cached: boolean }> {
      const stat = await fs.promises.stat(target);
      const known = load()[target];
      if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return { sha256: known.sha256, cached: true };
      const sha256 = await sha256File(target);
      load()[target] = { size: stat.size, mtimeMs: stat.mtimeMs, sha256 };
      if (file) {
        await fs.promises.mkdir(path.dirname(file), { recursive: true });
        await fs.promises.writeFile(`${file}.tmp`, JSON.stringify(entries, null, 1));
        await fs.promises.rename(`${file}.tmp`, file);
      }
      return { sha256, cached: false };
    },
  };
}
export type HashCache = ReturnType<typeof createHashCache>;

/**
 * Checks both files of a model against their expected sha256 before ONNX Runtime sees them.
 * A mismatch is UNSUPPORTED_FILE naming the file, both hashes and the fix.
 */
export async function verifyModelFiles(model: ResolvedModel, hashes: HashCache): Promise<void> {
  for (const role of ['encoder', 'decoder'] as const) {
    const file = model.files[role];
    if (!fs.existsSync(file)) throw new AppError('NOT_FOUND', `The ${role} file of model "${model.spec.id}" is missing: ${file}. Import or download the model again.`);
    const expected = model.sha256[role];
    if (!expected) continue;
    const { sha256 } = await hashes.sha256(file);
    if (sha256 !== expected) {
      throw new AppError(
        'UNSUPPORTED_FILE',
        `The ${role} file of model "${model.spec.id}" is damaged or not the published file: ${file} has sha256 ${sha256}, expected ${expected}. Delete it and import or download the model again; manual annotation keeps working meanwhile.`,
        [{ field: `model.${role}`, message: `sha256 mismatch: ${sha256} ≠ ${expected}` }],
      );
    }
  }
}

export type ModelLocation = 'data' | 'env' | 'package';

export interface ModelRoots {
  /** `<data dir>/models`: models imported or downloaded by the user. */
  dataModels: string;
  /** `$LABELER_MODELS`: a folder of `<model id>/` folders (shared machines, CI). */
  envModels: string | null;
}

/** The folder of an npm package (for models shipped as package files), or null when absent. */
export function packageDir(spec: string): string | null {
  const name = spec.replace(/(?<=.)@[^@/]*$/, '');
  try {
    const dir = path.dirname(createRequire(import.meta.url).resolve(`${name}/package.json`));
    // Packaged Electron: ONNX Runtime reads files natively, so it needs the unpacked copy.
    const unpacked = dir.replace(/app\.asar(?=[\\/])/, 'app.asar.unpacked');
    return fs.existsSync(unpacked) ? unpacked : dir;
  } catch {
    return null;
  }
}

/** Folders that may hold a model's files, in the order they are tried. */
export function candidateDirs(entry: ModelEntry, roots: ModelRoots): { dir: string; location: ModelLocation }[] {
  const dirs: { dir: string; location: ModelLocation }[] = [{ dir: path.join(roots.dataModels, entry.id), location: 'data' }];
  if (roots.envModels) dirs.push({ dir: path.join(roots.envModels, entry.id), location: 'env' });
  if (entry.source.npm) {
    const dir = packageDir(entry.source.npm);
    if (dir) dirs.push({ dir: path.join(dir, entry.source.dir ?? ''), location: 'package' });
  }
  return dirs;
}

/** The first folder holding both files of a model, or null. */
export function locateModel(entry: ModelEntry, roots: ModelRoots): { dir: string; location: ModelLocation; encoder: string; decoder: string } | null {
  for (const { dir, location } of candidateDirs(entry, roots)) {
    const encoder = path.join(dir, entry.files.encoder.name);
    const decoder = path.join(dir, entry.files.decoder.name);
    if (fs.existsSync(encoder) && fs.existsSync(decoder)) return { dir, location, encoder, decoder };
  }
  return null;
}
