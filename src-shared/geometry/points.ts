/**
 * Points in the two coordinate spaces of the editor. Stored geometry is always in image pixels;
 * pointer events arrive in viewport (CSS) pixels of the canvas box. The brands keep the two
 * from being mixed up: a ViewportPoint cannot be passed where an ImagePoint is expected.
 */
export type Vec = readonly [number, number];

declare const space: unique symbol;
export type ImagePoint = Vec & { readonly [space]: 'image' };
export type ViewportPoint = Vec & { readonly [space]: 'viewport' };

export const imagePoint = (x: number, y: number): ImagePoint => [x, y] as unknown as ImagePoint;
export const viewportPoint = (x: number, y: number): ViewportPoint => [x, y] as unknown as ViewportPoint;

export const distance = (a: Vec, b: Vec): number => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** A mutable copy as stored geometry wants it (`[x, y]`), dropping any brand. */
export const plain = (p: Vec): [number, number] => [p[0], p[1]];
