import { describe, expect, it } from 'vitest';
import { cacheLabel, hashState, locationLabel, modelBytes, type EngineStatus, type SamModel } from './model-status';

const file = (role: 'encoder' | 'decoder', sha256: string | null, recorded: string | null = null): SamModel['files'][number] => ({
  role,
  name: `${role}.onnx`,
  url: null,
  sha256,
  sha256_recorded: recorded,
  size: 100,
  present: true,
});
const model = (over: Partial<SamModel> = {}): SamModel => ({
  id: 'm',
  name: 'M',
  description: '',
  license: 'MIT',
  decoder_variant: 'sam-v1',
  supported: true,
  is_default: true,
  installed: true,
  location: 'package',
  dir: '/x',
  downloadable: false,
  files: [file('encoder', 'a'.repeat(64)), file('decoder', 'b'.repeat(64))],
  sha256_note: null,
  ...over,
});
const engine = (state: EngineStatus['state'], code?: string): EngineStatus => ({
  model_id: 'm',
  state,
  error: code ? { code, message: 'x' } : null,
  decoder_thread: null,
  ready: {},
  cache: null,
  queue: null,
});

describe('hashState', () => {
  it('is verified once the engine loaded the files (core checks both hashes before ONNX sees them)', () => {
    expect(hashState(model(), engine('ready'), false).kind).toBe('verified');
  });
  it('reports a mismatch when loading failed with UNSUPPORTED_FILE, even right after an import', () => {
    expect(hashState(model(), engine('error', 'UNSUPPORTED_FILE'), true).kind).toBe('mismatch');
  });
  it('trusts an import or download of this session, else says the check comes on first use', () => {
    expect(hashState(model(), engine('idle'), true).kind).toBe('verified');
    expect(hashState(model(), engine('idle'), false).kind).toBe('pending');
    expect(hashState(model(), engine('error', 'NOT_FOUND'), false).kind).toBe('pending');
  });
  it('uses a recorded hash only for files in the data folder, where core enforces it', () => {
    const files = [file('encoder', null, 'c'.repeat(64)), file('decoder', 'b'.repeat(64))];
    expect(hashState(model({ files, location: 'data' }), engine('ready'), false).kind).toBe('verified');
    expect(hashState(model({ files, location: 'env' }), engine('ready'), false).kind).toBe('unchecked');
  });
  it('has nothing to say about a model that is not installed', () => {
    expect(hashState(model({ installed: false, location: null }), null, false).kind).toBe('absent');
  });
});

describe('labels', () => {
  it('names the folder a model was found in', () => {
    expect(locationLabel(model())).toBe('bundled package');
    expect(locationLabel(model({ location: 'env' }))).toBe('$LABELER_MODELS');
    expect(locationLabel(model({ location: null, installed: false }))).toBe('not installed');
  });
  it('sums both file sizes, or gives none when one is unknown', () => {
    expect(modelBytes(model())).toBe(200);
    expect(modelBytes(model({ files: [file('encoder', null), { ...file('decoder', null), size: null }] }))).toBeNull();
  });
  it('describes the embedding cache against its cap', () => {
    expect(cacheLabel({ memory_entries: 1, disk_entries: 3, disk_bytes: 3 << 20, max_bytes: 2 << 30 }, (n) => `${n}B`)).toBe(`3 embeddings (1 in memory), ${3 << 20}B of ${2 << 30}B`);
  });
});
