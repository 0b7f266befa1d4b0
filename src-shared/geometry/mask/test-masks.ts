import fc from 'fast-check';
import type { BinaryMask } from './binary-mask';

/** Random small masks for property tests (noise, so every topology shows up: holes, diagonals, specks). */
export const arbitraryMask = (maxSide = 14): fc.Arbitrary<BinaryMask> =>
  fc
    .record({ width: fc.integer({ min: 1, max: maxSide }), height: fc.integer({ min: 1, max: maxSide }) })
    .chain(({ width, height }) =>
      fc.array(fc.boolean(), { minLength: width * height, maxLength: width * height }).map((bits) => ({ width, height, data: Uint8Array.from(bits, (b) => (b ? 1 : 0)) })),
    );

/** A mask from rows of '#' (set) and '.' (clear), for readable fixed cases. */
export function maskOf(rows: string[]): BinaryMask {
  const height = rows.length;
  const width = rows[0].length;
  const data = new Uint8Array(width * height);
  rows.forEach((row, y) => [...row].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height, data };
}

/** A filled disc, the shape of a typical object mask. */
export function discMask(width: number, height: number, cx: number, cy: number, r: number): BinaryMask {
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = (x + 0.5 - cx) ** 2 + (y + 0.5 - cy) ** 2 <= r * r ? 1 : 0;
  return { width, height, data };
}
