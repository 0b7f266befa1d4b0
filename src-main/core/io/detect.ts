import fs from 'node:fs';
import path from 'node:path';
import yauzl from 'yauzl';
import { AppError } from '../../../src-shared/contract/errors';
import type { ProcedureOutput } from '../../../src-shared/contract/procedures';
import { detectFormat } from '../../../src-shared/formats/detect';
import { IMAGE_FILE } from '../../../src-shared/formats/report';
import { openSource } from './source';

type Detection = ProcedureOutput<'detectDatasetFormat'>;

const HEAD = 4096;
const MAX_SNIFFED = 300;
const MAX_SNIFF_BYTES = 64 * 1024 ** 2;

/** Entry names of a zip and the first bytes of its annotation-like entries, without extracting it. */
async function zipListing(file: string): Promise<{ files: string[]; heads: Map<string, string> }> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) => yauzl.open(file, { lazyEntries: true }, (e, z) => (e ? reject(e) : resolve(z))));
  const files: string[] = [];
  const heads = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', resolve);
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName.replace(/\\/g, '/');
      if (name.endsWith('/') || /(^|\/)(__MACOSX|\.)/.test(name)) return zip.readEntry();
      files.push(name);
      // Entries are read to their end (stopping an inflating stream early breaks yauzl's pipe);
      // only the first bytes are kept, and entries too large to read quickly are listed unsniffed.
      if (!/\.(json|xml|txt|ya?ml|names)$/i.test(name) || heads.size >= MAX_SNIFFED || entry.uncompressedSize > MAX_SNIFF_BYTES) return zip.readEntry();
      zip.openReadStream(entry, (error, stream) => {
        if (error) return zip.readEntry();
        let text = '';
        stream.on('data', (chunk: Buffer) => {
          if (text.length < HEAD) text += chunk.toString('utf8');
        });
        let done = false;
        const next = () => {
          if (done) return;
          done = true;
          heads.set(name, text.slice(0, HEAD));
          zip.readEntry();
        };
        stream.on('end', next);
        stream.on('error', next);
      });
    });
    zip.readEntry();
  });
  zip.close();
  return { files: files.sort(), heads };
}

/** Which format a folder, zip or file is in (no extraction, no parsing beyond a few KB per file). */
export async function detectPath(input: string): Promise<Detection> {
  const resolved = path.resolve(input);
  if (!fs.existsSync(resolved)) throw new AppError('NOT_FOUND', `Nothing at ${resolved}. Check the path and that you can read it.`);
  if (/\.zip$/i.test(resolved) && fs.statSync(resolved).isFile()) {
    let listing;
    try {
      listing = await zipListing(resolved);
    } catch (error) {
      throw new AppError('UNSUPPORTED_FILE', `${path.basename(resolved)} is not a readable zip (${(error as Error).message}).`);
    }
    const detection = detectFormat(listing.files, (f) => listing.heads.get(f) ?? null);
    return { path: resolved, kind: 'zip', ...detection, files: listing.files.length, images: listing.files.filter((f) => IMAGE_FILE.test(f)).length };
  }
  const source = await openSource(resolved, '');
  const fileSource = source.fileSource();
  const listed = fileSource.list();
  const detection = detectFormat(listed, (f) => fileSource.head?.(f) ?? null);
  return { path: resolved, kind: source.kind, ...detection, files: listed.length, images: listed.filter((f) => IMAGE_FILE.test(f)).length };
}
