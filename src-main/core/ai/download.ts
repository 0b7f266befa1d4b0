import fs from 'node:fs';
import { once } from 'node:events';
import { AppError } from '../../../src-shared/contract/errors';
import { sha256File } from './model-files';

export interface DownloadOptions {
  /** The published sha256; null downloads without a check (the caller records the hash). */
  sha256: string | null;
  onProgress?: (done: number, total: number | null) => void;
  signal?: AbortSignal;
  /** Connection attempts; each one resumes where the previous stopped. Default 4. */
  attempts?: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

/**
 * Downloads `url` to `target`, resuming with an HTTP Range request from `target.part` (left by an
 * earlier attempt or an earlier run), then checks the sha256 and renames the file into place.
 * A wrong hash deletes the partial file and fails with UNSUPPORTED_FILE; nothing half-checked
 * is ever left at `target`.
 */
export async function downloadFile(url: string, target: string, options: DownloadOptions): Promise<{ sha256: string; bytes: number; resumed: boolean }> {
  const part = `${target}.part`;
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 4;
  let resumed = false;
  let lastError: Error | null = null;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const have = fs.existsSync(part) ? fs.statSync(part).size : 0;
    let response: Response;
    try {
      response = await doFetch(url, { headers: have ? { Range: `bytes=${have}-` } : {}, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw cancelled();
      lastError = error as Error;
      continue;
    }
    if (response.status === 416 && have > 0) {
      // The server has nothing after our offset: the partial file is complete; the hash decides.
      lastError = null;
      break;
    }
    if (response.status !== 200 && response.status !== 206) {
      await response.body?.cancel();
      throw new AppError('IO_ERROR', `Downloading ${url} failed: HTTP ${response.status} ${response.statusText}. Check the URL in the model manifest, or import the files from disk.`);
    }
    const append = response.status === 206 && rangeStart(response) === have;
    if (response.status === 206 && !append) {
      await response.body?.cancel();
      fs.rmSync(part, { force: true });
      lastError = new Error('the server answered a different range than asked');
      continue;
    }
    resumed ||= append;
    const length = Number(response.headers.get('content-length'));
    const total = Number.isFinite(length) && length > 0 ? (append ? have : 0) + length : null;
    let done = append ? have : 0;
    options.onProgress?.(done, total);
    try {
      if (!response.body) throw new Error('empty response');
      await appendBody(response.body, part, append, (bytes) => {
        done += bytes;
        options.onProgress?.(done, total);
      });
      if (total === null || done >= total) {
        lastError = null;
        break;
      }
      lastError = new Error(`connection closed after ${done} of ${total} bytes`);
    } catch (error) {
      if (options.signal?.aborted) throw cancelled();
      lastError = error as Error;
    }
  }
  if (lastError) throw new AppError('IO_ERROR', `Downloading ${url} failed: ${lastError.message}. Try again: the download resumes where it stopped.`);
  const sha256 = await sha256File(part);
  if (options.sha256 && sha256 !== options.sha256) {
    fs.rmSync(part, { force: true });
    throw new AppError('UNSUPPORTED_FILE', `The file downloaded from ${url} has sha256 ${sha256}, but the manifest expects ${options.sha256}. It was deleted; the source may have changed — check the manifest entry.`);
  }
  const bytes = fs.statSync(part).size;
  fs.renameSync(part, target);
  return { sha256, bytes, resumed };
}

/**
 * Writes a response body to the partial file. Bytes received before a broken connection are
 * flushed, not dropped, so the next attempt resumes after them.
 */
async function appendBody(body: ReadableStream<Uint8Array>, file: string, append: boolean, onChunk: (bytes: number) => void): Promise<void> {
  const out = fs.createWriteStream(file, { flags: append ? 'a' : 'w' });
  const closed = new Promise<void>((resolve, reject) => {
    out.on('close', resolve);
    out.on('error', reject);
  });
  try {
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await once(out, 'drain');
      onChunk(chunk.length);
    }
  } finally {
    out.end();
    await closed;
  }
}

function rangeStart(response: Response): number {
  const match = /^bytes (\d+)-/.exec(response.headers.get('content-range') ?? '');
  return match ? Number(match[1]) : -1;
}

function cancelled(): AppError {
  return new AppError('CONFLICT', 'The download was cancelled. Start it again to resume where it stopped.');
}
