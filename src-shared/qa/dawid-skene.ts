import { majorityVote } from './majority-vote';
import { sortedUnique, type Rating } from './ratings';

export interface DawidSkeneOptions {
  maxIterations?: number;
  /** Stop when the log-likelihood improves by less than this. */
  tolerance?: number;
  /** Additive (Dirichlet) smoothing of every confusion-matrix row, so one slip never makes an annotator "impossible". */
  smoothing?: number;
}

export interface DawidSkeneResult {
  categories: string[];
  labels: { item: string; label: string; posterior: Record<string, number> }[];
  /** Estimated class priors. */
  priors: Record<string, number>;
  /** Per annotator: confusion[annotator][true][given] = P(annotator says `given` | truth is `true`). */
  confusion: Record<string, Record<string, Record<string, number>>>;
  /** Per annotator: Σ_k prior_k · P(says k | k), the estimated accuracy. */
  accuracy: Record<string, number>;
  iterations: number;
  converged: boolean;
  logLikelihood: number;
}

/**
 * Dawid & Skene (1979): latent true labels and one confusion matrix per annotator, fitted by EM.
 * Starts from the majority-vote shares (the usual initialisation), then alternates the M-step
 * (priors and confusion matrices from the soft labels) and the E-step (posterior of each item's
 * label given every annotator's answer), in log space.
 */
export function dawidSkene(ratings: readonly Rating[], options: DawidSkeneOptions = {}): DawidSkeneResult {
  const { maxIterations = 100, tolerance = 1e-6, smoothing = 0.01 } = options;
  const categories = sortedUnique(ratings.map((r) => r.value));
  const annotators = sortedUnique(ratings.map((r) => r.annotator));
  const items = sortedUnique(ratings.map((r) => r.item));
  const K = categories.length;
  const cat = new Map(categories.map((c, i) => [c, i]));
  const ann = new Map(annotators.map((a, i) => [a, i]));
  const itm = new Map(items.map((t, i) => [t, i]));
  // observations[i] = list of [annotator, label] for item i (last answer per annotator wins)
  const seen = new Map<string, [number, number, number]>();
  for (const r of ratings) seen.set(`${r.item}\u0000${r.annotator}`, [itm.get(r.item)!, ann.get(r.annotator)!, cat.get(r.value)!]);
  const observations: [number, number][][] = items.map(() => []);
  for (const [i, a, l] of seen.values()) observations[i].push([a, l]);

  let T = items.map((_, i) => {
    const row = new Array<number>(K).fill(0);
    for (const [, l] of observations[i]) row[l] += 1;
    const n = observations[i].length;
    return row.map((x) => x / n);
  });
  let priors = new Array<number>(K).fill(1 / K);
  let pi: number[][][] = [];
  let logLikelihood = -Infinity;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    ({ priors, pi } = mStep(T, observations, K, annotators.length, smoothing));
    const e = eStep(observations, priors, pi);
    T = e.T;
    if (Math.abs(e.logLikelihood - logLikelihood) < tolerance) {
      logLikelihood = e.logLikelihood;
      converged = true;
      break;
    }
    logLikelihood = e.logLikelihood;
  }

  const mv = new Map(majorityVote(ratings).map((v) => [v.item, v.label]));
  const labels = items.map((item, i) => {
    const best = Math.max(...T[i]);
    // Ties (rare, e.g. a lone rating of an unseen pattern) fall back to the majority-vote label.
    const winners = T[i].map((p, k) => (Math.abs(p - best) < 1e-12 ? k : -1)).filter((k) => k >= 0);
    const label = winners.length > 1 && winners.some((k) => categories[k] === mv.get(item)) ? mv.get(item)! : categories[winners[0]];
    return { item, label, posterior: Object.fromEntries(categories.map((c, k) => [c, T[i][k]])) };
  });
  const confusion: DawidSkeneResult['confusion'] = {};
  const accuracy: Record<string, number> = {};
  annotators.forEach((a, j) => {
    confusion[a] = Object.fromEntries(categories.map((c, k) => [c, Object.fromEntries(categories.map((d, l) => [d, pi[j][k][l]]))]));
    accuracy[a] = categories.reduce((s, _, k) => s + priors[k] * pi[j][k][k], 0);
  });
  return { categories, labels, priors: Object.fromEntries(categories.map((c, k) => [c, priors[k]])), confusion, accuracy, iterations, converged, logLikelihood };
}

function mStep(T: number[][], observations: [number, number][][], K: number, A: number, smoothing: number) {
  const priors = new Array<number>(K).fill(0);
  const counts = Array.from({ length: A }, () => Array.from({ length: K }, () => new Array<number>(K).fill(smoothing)));
  T.forEach((row, i) => {
    for (let k = 0; k < K; k++) {
      priors[k] += row[k];
      for (const [a, l] of observations[i]) counts[a][k][l] += row[k];
    }
  });
  const total = priors.reduce((s, x) => s + x, 0);
  const pi = counts.map((matrix) => matrix.map((row) => {
    const sum = row.reduce((s, x) => s + x, 0);
    return row.map((x) => x / sum);
  }));
  return { priors: priors.map((p) => Math.max(p / total, 1e-12)), pi };
}

function eStep(observations: [number, number][][], priors: number[], pi: number[][][]) {
  let logLikelihood = 0;
  const T = observations.map((obs) => {
    const logs = priors.map((p, k) => obs.reduce((s, [a, l]) => s + Math.log(pi[a][k][l]), Math.log(p)));
    const max = Math.max(...logs);
    const exp = logs.map((x) => Math.exp(x - max));
    const sum = exp.reduce((s, x) => s + x, 0);
    logLikelihood += max + Math.log(sum);
    return exp.map((x) => x / sum);
  });
  return { T, logLikelihood };
}
