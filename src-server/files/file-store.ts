import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Files on disk under one root: uploaded images content-addressed by sha256
 * (`blobs/ab/cd/<sha256>`), export archives and snapshots. Writes go to a temporary file first
 * and are renamed into place, so a reader never sees half a file and a repeated upload is harmless.
 */
export class FileStore {
  constructor(readonly root: string) {
    fs.mkdirSync(path.join(root, 'tmp'), { recursive: true });
  }

  blobPath(sha256: string): string {
    return path.join(this.root, 'blobs', sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  hasBlob(sha256: string): boolean {
    return fs.existsSync(this.blobPath(sha256));
  }

  /** Writes bytes to a temporary file and answers its path and sha256. */
  async stage(bytes: Buffer): Promise<{ file: string; sha256: string }> {
    const file = path.join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    await fs.promises.writeFile(file, bytes);
    return { file, sha256: createHash('sha256').update(bytes).digest('hex') };
  }

  /** Moves a staged file to its content address (keeps the existing copy if there is one). */
  async commitBlob(staged: string, sha256: string): Promise<string> {
    const target = this.blobPath(sha256);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    if (fs.existsSync(target)) await fs.promises.rm(staged, { force: true });
    else await fs.promises.rename(staged, target);
    return target;
  }

  /** Absolute path of a file kept under the root, from its path relative to the root. */
  resolve(relative: string): string {
    const full = path.resolve(this.root, relative);
    if (!full.startsWith(path.resolve(this.root) + path.sep)) throw new Error(`path escapes the file store: ${relative}`);
    return full;
  }

  async writeAtomic(relative: string, data: string | Buffer): Promise<string> {
    const target = this.resolve(relative);
    await fs.promises.mkdir(path.dirname(target), { recursive: true });
    const temp = path.join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}`);
    await fs.promises.writeFile(temp, data);
    await fs.promises.rename(temp, target);
    return target;
  }

  tempPath(suffix = ''): string {
    return path.join(this.root, 'tmp', `${Date.now()}-${randomBytes(8).toString('hex')}${suffix}`);
  }
}
