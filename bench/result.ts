import fs from 'node:fs';
import path from 'node:path';

export interface BenchResult {
  id: string;
  metric: string;
  unit: string;
  value: number;
  baseline: number;
  ratio: number;
  params: Record<string, unknown>;
  target?: string;
}

const RESULTS_DIR = path.resolve(import.meta.dirname, 'results');

/** Writes bench/results/<id>.json and prints one line; the ratio is value ÷ baseline from the same run. */
export function writeResult(result: Omit<BenchResult, 'ratio'>): BenchResult {
  const full = { ...result, ratio: Number((result.value / result.baseline).toFixed(3)) };
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  fs.writeFileSync(path.join(RESULTS_DIR, `${result.id}.json`), `${JSON.stringify(full, null, 2)}\n`);
  process.stdout.write(`${full.id}: ${full.metric} ${full.value.toFixed(3)} ${full.unit} vs baseline ${full.baseline.toFixed(3)} ${full.unit} → ratio ${full.ratio}${full.target ? ` (target ${full.target})` : ''}\n`);
  return full;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
