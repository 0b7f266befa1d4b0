/** Small stroke icons, drawn inline so they look the same on every system font. */
const PATHS: Record<string, string> = {
  select: 'M5 3 L5 17 L9 13 L12 19 L14 18 L11 12 L16 12 Z',
  bbox: 'M4 6 H16 V15 H4 Z',
  rotated_bbox: 'M10 2.5 L17.5 10 L10 17.5 L2.5 10 Z M10 2.5 V0.5',
  polygon: 'M10 3 L17 8 L14.5 17 L5.5 17 L3 8 Z',
  polyline: 'M2.5 15 L7 6 L12 13 L17.5 4',
  line: 'M3.5 16.5 L16.5 3.5',
  circle: 'M10 3.5 A6.5 6.5 0 1 1 9.99 3.5',
  sam: 'M4 16 L11 9 M13 3 V6 M13 10 V13 M8.5 7.5 H10.5 M15.5 7.5 H17.5 M11 9 L13 7.5',
  points: 'M5 6 h0.01 M14 5 h0.01 M9 14 h0.01 M16 15 h0.01',
  undo: 'M7 5 L3 9 L7 13 M3 9 H12 A4.5 4.5 0 0 1 12 18 H9',
  redo: 'M13 5 L17 9 L13 13 M17 9 H8 A4.5 4.5 0 0 0 8 18 H11',
  lock: 'M5 9 H15 V17 H5 Z M7 9 V6.5 A3 3 0 0 1 13 6.5 V9',
  unlock: 'M5 9 H15 V17 H5 Z M7 9 V6.5 A3 3 0 0 1 13 6.5',
  eye: 'M2 10 Q10 2.5 18 10 Q10 17.5 2 10 Z M10 8 A2 2 0 1 1 9.99 8',
  eyeOff: 'M2 10 Q10 2.5 18 10 Q10 17.5 2 10 Z M3 17 L17 3',
};

export function Icon({ name, size = 18 }: { name: keyof typeof PATHS | string; size?: number }) {
  const d = PATHS[name];
  const dots = name === 'points';
  return (
    <svg width={size} height={size} viewBox="0 0 20 20" aria-hidden="true" className="icon-svg">
      <path d={d ?? ''} fill="none" stroke="currentColor" strokeWidth={dots ? 3.5 : 1.6} strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
