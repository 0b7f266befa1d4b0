import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import yazl from 'yazl';
import { AppError } from '../../../src-shared/contract/errors';
import type { Rejection } from '../../../src-shared/formats/model';

/**
 * Zip in and out. Reading guards against hostile archives: entry names that climb out of the
 * target folder, absurd claimed sizes (a 2 GB "annotation file"), compression ratios no real
 * dataset has, and more entries than any dataset needs. yauzl checks that each entry inflates
 * to exactly the size it claims.
 */

export const ZIP_LIMITS = {
  entries: 2_000_000,
  /** Annotation files are parsed whole; larger ones cannot be. */
  textEntryBytes: 512 * 1024 ** 2,
  imageEntryBytes: 2 * 1024 ** 3 - 1,
  totalBytes: 200 * 1024 ** 3,
  ratio: 2000,
};

const openZip = (file: string) =>
  new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(file, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (error, zip) => (error ? reject(error) : resolve(zip))),
  );

const readStream = (zip: yauzl.ZipFile, entry: yauzl.Entry) =>
  new Promise<NodeJS.ReadableStream>((resolve, reject) => zip.openReadStream(entry, (error, stream) => (error ? reject(error) : resolve(stream))));

const human = (bytes: number) => (bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${(bytes / 1024 ** 2).toFixed(1)} MB`);

/** Extracts a zip into `dest`; returns the relative paths written and the entries refused, with reasons. */
export async function extractZip(file: string, dest: string, signal?: AbortSignal): Promise<{ files: string[]; rejected: Rejection[] }> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip(file);
  } catch (error) {
    throw new AppError('UNSUPPORTED_FILE', `${path.basename(file)} is not a readable zip (${(error as Error).message}). Check that the download finished.`);
  }
  const files: string[] = [];
  const rejected: Rejection[] = [];
  const refuse = (name: string, reason: string) => rejected.push({ file: `${path.basename(file)}:${name}`, position: 'zip entry', reason });
  let total = 0;
  let count = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', resolve);
      zip.on('entry', (entry: yauzl.Entry) => {
        void (async () => {
          if (signal?.aborted) throw new AppError('CONFLICT', 'The import was cancelled.');
          count++;
          const name = entry.fileName.replace(/\\/g, '/');
          if (name.endsWith('/') || /(^|\/)(__MACOSX|\.DS_Store)(\/|$)/.test(name)) return;
          if (count > ZIP_LIMITS.entries) return refuse(name, `the zip has more than ${ZIP_LIMITS.entries} entries`);
          const target = path.resolve(dest, name);
          if (path.isAbsolute(name) || !target.startsWith(path.resolve(dest) + path.sep)) return refuse(name, 'the entry name points outside the folder it is extracted to');
          const isText = /\.(json|xml|txt|ya?ml|names|csv)$/i.test(name);
          const limit = isText ? ZIP_LIMITS.textEntryBytes : ZIP_LIMITS.imageEntryBytes;
          if (entry.uncompressedSize > limit) return refuse(name, `the entry claims ${human(entry.uncompressedSize)}, more than the ${human(limit)} a single ${isText ? 'annotation file' : 'file'} may have`);
          if (entry.compressedSize > 0 && entry.uncompressedSize / entry.compressedSize > ZIP_LIMITS.ratio && entry.uncompressedSize > 64 * 1024 ** 2) return refuse(name, `the entry inflates ${Math.round(entry.uncompressedSize / entry.compressedSize)}× (a zip bomb?)`);
          total += entry.uncompressedSize;
          if (total > ZIP_LIMITS.totalBytes) return refuse(name, `the zip inflates to more than ${human(ZIP_LIMITS.totalBytes)}`);
          if (entry.isEncrypted()) return refuse(name, 'the entry is encrypted');
          await fs.promises.mkdir(path.dirname(target), { recursive: true });
          try {
            await pipeline(await readStream(zip, entry), fs.createWriteStream(target));
            files.push(path.relative(dest, target).split(path.sep).join('/'));
          } catch (error) {
            refuse(name, `cannot extract: ${(error as Error).message}`);
          }
        })().then(() => zip.readEntry(), reject);
      });
      zip.readEntry();
    });
  } finally {
    zip.close();
  }
  return { files: files.sort(), rejected };
}

/** Writes a zip of `entries` (disk file → name inside) to `out`; images are stored, text is deflated. */
export async function writeZip(entries: Iterable<{ file: string; name: string }>, out: string): Promise<void> {
  const zip = new yazl.ZipFile();
  const done = pipeline(zip.outputStream, fs.createWriteStream(out));
  for (const { file, name } of entries) zip.addFile(file, name, { compress: /\.(json|xml|txt|ya?ml)$/i.test(name) });
  zip.end();
  await done;
}
