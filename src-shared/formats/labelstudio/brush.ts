/**
 * Label Studio's brush `rle`: NOT COCO RLE, but thi.ng/rle-pack's bit-packed encoding of the
 * mask as an RGBA image (width × height × 4 bytes, row-major). Header: value count (32 bits),
 * word size − 1 (5 bits), four run-size classes − 1 (4 bits each); then records: 1 bit (1 = a run
 * of one repeated value, 0 = a literal chunk), 2 bits size class, the count − 1 in that many bits,
 * then the value (or values). Label Studio's converter reads the alpha channel as the mask.
 */

class BitReader {
  private pos = 0;
  constructor(private readonly bytes: ArrayLike<number>) {}
  get remaining(): number {
    return this.bytes.length * 8 - this.pos;
  }
  read(bits: number): number {
    if (bits > this.remaining) throw new RangeError('the brush RLE ends early');
    let value = 0;
    for (let i = 0; i < bits; i++, this.pos++) value = value * 2 + ((this.bytes[this.pos >> 3] >> (7 - (this.pos & 7))) & 1);
    return value;
  }
}

class BitWriter {
  readonly bytes: number[] = [];
  private pos = 0;
  write(value: number, bits: number): void {
    for (let i = bits - 1; i >= 0; i--, this.pos++) {
      if ((this.pos & 7) === 0) this.bytes.push(0);
      const bit = Math.floor(value / 2 ** i) % 2;
      if (bit) this.bytes[this.bytes.length - 1] |= 1 << (7 - (this.pos & 7));
    }
  }
}

/**
 * Decodes a brush RLE into a row-major mask of `width × height` (alpha > 0 = foreground).
 * Throws RangeError with a reason when the data is malformed or does not match the size.
 */
export function decodeBrushRle(rle: ArrayLike<number>, width: number, height: number): Uint8Array {
  for (let i = 0; i < rle.length; i++) {
    if (!Number.isInteger(rle[i]) || rle[i] < 0 || rle[i] > 255) throw new RangeError(`brush RLE byte ${i} is not 0–255`);
  }
  const input = new BitReader(rle);
  const num = input.read(32);
  if (num !== width * height * 4) throw new RangeError(`brush RLE holds ${num} values but a ${width}×${height} RGBA image has ${width * height * 4}`);
  const wordSize = input.read(5) + 1;
  const sizes = [0, 1, 2, 3].map(() => input.read(4) + 1);
  const mask = new Uint8Array(width * height);
  let i = 0;
  while (i < num) {
    const repeat = input.read(1);
    const j = i + 1 + input.read(sizes[input.read(2)]);
    if (j > num) throw new RangeError('a brush RLE run goes past the end of the image');
    if (repeat) {
      const v = input.read(wordSize);
      if (v) for (let k = i + 3 - (i & 3); k < j; k += 4) mask[k >> 2] = 1;
      i = j;
    } else {
      for (; i < j; i++) {
        const v = input.read(wordSize);
        if ((i & 3) === 3 && v) mask[i >> 2] = 1;
      }
    }
  }
  return mask;
}

/** Encodes a row-major mask as a brush RLE (foreground = 255 in all four channels). */
export function encodeBrushRle(mask: ArrayLike<number>, width: number, height: number): number[] {
  const sizes = [3, 4, 8, 16];
  const out = new BitWriter();
  const num = width * height * 4;
  out.write(num, 32);
  out.write(7, 5);
  for (const s of sizes) out.write(s - 1, 4);
  const writeRun = (value: number, length: number) => {
    while (length > 0) {
      const n = Math.min(length, 2 ** 16);
      const t = n - 1 < 2 ** 3 ? 0 : n - 1 < 2 ** 4 ? 1 : n - 1 < 2 ** 8 ? 2 : 3;
      out.write(1, 1);
      out.write(t, 2);
      out.write(n - 1, sizes[t]);
      out.write(value, 8);
      length -= n;
    }
  };
  let current = mask[0] ? 255 : 0;
  let run = 0;
  for (let p = 0; p < width * height; p++) {
    const v = mask[p] ? 255 : 0;
    if (v !== current) {
      writeRun(current, run);
      current = v;
      run = 0;
    }
    run += 4;
  }
  writeRun(current, run);
  return out.bytes;
}
