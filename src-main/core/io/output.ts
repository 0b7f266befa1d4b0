import { once } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/contract/errors';
import type { ReportCollector } from '../../../src-shared/formats/report';
import type { Output } from '../../../src-shared/formats/sink';
import { writeZip } from './zip';

/**
 * Where an export's outputs go. Everything is written into a staging folder beside the target and
 * moved into place only when complete (a folder by rename, a zip by zipping the staging folder and
 * the images straight from their sources), so a failed or cancelled export leaves nothing behind
 * and never a half-written dataset. Open files are capped (per-image formats write thousands).
 */

const MAX_OPEN = 32;

export interface ExportOutput {
  apply(outputs: readonly Output[]): Promise<void>;
  finish(): Promise<{ out: string; files: number; bytes: number }>;
  abort(): Promise<void>;
}

function sizeOfTree(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

export function createOutput(out: string, options: { zip: boolean; overwrite: boolean; jobId: string; imagePath(source: string): string | null }, report: ReportCollector): ExportOutput {
  const target = path.resolve(out);
  if (fs.existsSync(target)) {
    const empty = fs.statSync(target).isDirectory() && fs.readdirSync(target).length === 0;
    if (!empty && !options.overwrite) throw new AppError('CONFLICT', `${target} already exists. Choose another path, or allow overwriting it (--force).`);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = `${target}.partial-${options.jobId}`;
  fs.mkdirSync(staging, { recursive: true });
  const streams = new Map<string, fs.WriteStream>();
  const images: { file: string; name: string }[] = [];
  let imageFiles = 0;
  let imageBytes = 0;

  const inside = (rel: string) => {
    const abs = path.resolve(staging, rel);
    if (!abs.startsWith(staging + path.sep)) throw new AppError('INTERNAL_ERROR', `export path ${rel} leaves the output folder`);
    return abs;
  };
  // Small writes are gathered per file and handed to the stream 64 KB at a time: few syscalls, and
  // the pieces die young (kept longer, they would be promoted and cost full garbage collections).
  const pending = new Map<string, { parts: string[]; size: number }>();
  const flush = async (rel: string) => {
    const buffered = pending.get(rel);
    if (!buffered) return;
    pending.delete(rel);
    const stream = await open(rel);
    if (!stream.write(buffered.parts.join(''))) await once(stream, 'drain');
  };
  const close = async (rel: string) => {
    await flush(rel);
    const stream = streams.get(rel);
    if (!stream) return;
    streams.delete(rel);
    stream.end();
    await once(stream, 'close');
  };
  let writeError: Error | null = null;
  const open = async (rel: string): Promise<fs.WriteStream> => {
    let stream = streams.get(rel);
    if (stream) {
      streams.delete(rel);
      streams.set(rel, stream);
      return stream;
    }
    if (streams.size >= MAX_OPEN) await close(streams.keys().next().value!);
    const abs = inside(rel);
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    // A deep buffer lets the next page be formatted while the previous one is being written.
    stream = fs.createWriteStream(abs, { flags: 'a', highWaterMark: 1 << 22 });
    // A failed write (disk full, or a write landing after abort destroyed the stream) must not
    // crash the process: remember it, and the next write or close reports it.
    stream.on('error', (error) => {
      writeError ??= error;
    });
    streams.set(rel, stream);
    return stream;
  };
  const write = async (rel: string, text: string | Buffer) => {
    if (writeError) throw new AppError('IO_ERROR', `Writing the export failed: ${writeError.message}. Check the free space and permissions of the output folder.`);
    if (typeof text !== 'string') {
      await flush(rel);
      const stream = await open(rel);
      if (!stream.write(text)) await once(stream, 'drain');
      return;
    }
    let buffered = pending.get(rel);
    if (!buffered) {
      if (pending.size >= MAX_OPEN) await flush(pending.keys().next().value!);
      pending.set(rel, (buffered = { parts: [], size: 0 }));
    }
    buffered.parts.push(text);
    buffered.size += text.length;
    if (buffered.size >= 1 << 16) await flush(rel);
  };

  const copyImage = async (rel: string, source: string) => {
    const file = options.imagePath(source);
    if (!file || !fs.existsSync(file)) {
      report.warn('image-file-missing', 'image files that are missing on disk could not be copied into the export', file ?? source);
      return;
    }
    if (options.zip) {
      images.push({ file, name: rel });
      imageFiles++;
      imageBytes += fs.statSync(file).size;
      return;
    }
    const abs = inside(rel);
    await fs.promises.mkdir(path.dirname(abs), { recursive: true });
    await fs.promises.copyFile(file, abs);
  };

  return {
    async apply(outputs) {
      for (const o of outputs) {
        if (o.kind === 'text') await write(o.path, o.text);
        else if (o.kind === 'concat') {
          await close(o.from);
          const from = inside(o.from);
          if (fs.existsSync(from)) {
            for await (const chunk of fs.createReadStream(from, { highWaterMark: 1 << 20 })) await write(o.path, chunk as Buffer);
            fs.rmSync(from);
          }
        } else await copyImage(o.path, o.source);
      }
    },
    async finish() {
      for (const rel of [...pending.keys()]) await flush(rel);
      for (const rel of [...streams.keys()]) await close(rel);
      const written = sizeOfTree(staging);
      if (options.zip) {
        const partial = `${target}.partial-${options.jobId}.zip`;
        const entries = fs
          .readdirSync(staging, { recursive: true, withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => {
            const file = path.join(e.parentPath, e.name);
            return { file, name: path.relative(staging, file).split(path.sep).join('/') };
          });
        await writeZip([...entries, ...images], partial);
        if (fs.existsSync(target)) fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(partial, target);
        fs.rmSync(staging, { recursive: true, force: true });
        return { out: target, files: written.files + imageFiles, bytes: fs.statSync(target).size };
      }
      if (fs.existsSync(target)) fs.rmSync(target, { recursive: true, force: true });
      fs.renameSync(staging, target);
      return { out: target, files: written.files, bytes: written.bytes + imageBytes };
    },
    async abort() {
      pending.clear();
      for (const stream of streams.values()) stream.destroy();
      streams.clear();
      fs.rmSync(staging, { recursive: true, force: true });
      fs.rmSync(`${target}.partial-${options.jobId}.zip`, { force: true });
    },
  };
}
