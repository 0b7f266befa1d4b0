import { parentPort, workerData } from 'node:worker_threads';
import { AppError, toErrorPayload } from '../../../src-shared/contract/errors';
import { Lru } from './lru';
import { openDecoder, openEncoder, type DecoderSession, type EncoderSession } from './sessions';
import { EMBEDDING_MISSING, type EmbeddingPayload, type SamWorkerData, type WorkerMessage, type WorkerRequest } from './worker-protocol';

/**
 * A SAM worker thread: either the encoder (image decode, resize, normalise, ~0.5 s of ONNX per
 * image) or the decoder (~30 ms per prompt plus mask post-processing). Both block their thread
 * while ONNX runs, which is why neither runs on core's thread, and why they are two workers: a
 * click is never stuck behind a prefetch encode.
 */
const port = parentPort!;
const data = workerData as SamWorkerData;
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);

// The decoder keeps the embeddings of the last few images, so a click sends only prompts.
const embeddings = new Lru<string, EmbeddingPayload>(4);

async function handle(session: EncoderSession | DecoderSession, request: Exclude<WorkerRequest, { op: 'close' }>): Promise<void> {
  try {
    if (request.op === 'encode') {
      const value = await (session as EncoderSession).encode(request.source);
      post({ type: 'reply', id: request.id, ok: true, value }, [value.data.buffer as ArrayBuffer]);
      return;
    }
    if (request.embedding) embeddings.set(request.key, request.embedding);
    const embedding = embeddings.get(request.key);
    if (!embedding) throw new AppError('NOT_FOUND', EMBEDDING_MISSING);
    const value = await (session as DecoderSession).decode(embedding, request.prompts, request.options);
    const lowRes = value.lowRes.slice();
    post({ type: 'reply', id: request.id, ok: true, value: { ...value, lowRes } }, [lowRes.buffer]);
  } catch (error) {
    post({ type: 'reply', id: request.id, ok: false, error: toErrorPayload(error) });
  }
}

async function main(): Promise<void> {
  let session: EncoderSession | DecoderSession;
  try {
    session = data.role === 'encoder' ? await openEncoder(data.file, data.spec, { threads: data.threads }) : await openDecoder(data.file, data.spec, { threads: data.threads });
  } catch (error) {
    post({ type: 'failed', error: toErrorPayload(error) });
    return;
  }
  // Requests run one at a time in arrival order; ONNX would serialise them anyway.
  let queue = Promise.resolve();
  let closing = false;
  port.on('message', (request: WorkerRequest) => {
    if (request.op === 'close') {
      closing = true;
      // Exiting only after native work is done: a thread torn down mid-call aborts the process.
      queue = queue.then(async () => {
        await session.close();
        process.exit(0);
      });
      return;
    }
    queue = queue.then(() => (closing ? post({ type: 'reply', id: request.id, ok: false, error: { code: 'CONFLICT', message: 'The SAM engine was closed.' } }) : handle(session, request)));
  });
  post({ type: 'ready' });
}

void main();
