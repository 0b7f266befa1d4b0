import type { FileSource } from './model';

/** A FileSource over in-memory files (tests, and files already read into memory). */
export function memorySource(files: ReadonlyMap<string, string>, sizes: ReadonlyMap<string, { width: number; height: number }> = new Map()): FileSource {
  const list = [...new Set([...files.keys(), ...sizes.keys()])].sort();
  return {
    list: () => list,
    text: (path) => files.get(path) ?? null,
    imageSize: (path) => sizes.get(path) ?? null,
  };
}
