import type { Annotation, Project } from '../../../src-shared/contract/entities';
import type { Flag, Gold, PersonRef } from '../../../src-shared/qa/entities';
import { detectionAccumulator, detectionScores, type DetectionScores } from '../../../src-shared/qa/detection-metrics';
import { goldAccuracy, type GoldOutcome } from '../../../src-shared/qa/gold';
import { answerKey, scoreAnswer, type Answer, type ItemType } from '../../../src-shared/qa/items';
import type { Rating } from '../../../src-shared/qa/ratings';
import { qaSettingsOf, type QaSettings } from '../../../src-shared/qa/settings';
import { regionOf } from '../../../src-shared/qa/shape-iou';
import type { Shape } from '../../../src-shared/qa/shape-matching';
import { speedFlags, type SpeedStats } from '../../../src-shared/qa/speed-flags';
import type { Store } from '../store';
import type { QaStore } from './store';
import { json } from './store/context';
import type { StoredItem } from './store/items';

export interface ResponseFact {
  id: string;
  item_id: string;
  item_type: ItemType;
  annotator: string;
  answer: Answer | null;
  time_spent_ms: number | null;
  submitted_at: string;
}

/**
 * Everything the quality metrics read about a project, loaded once and turned into the inputs
 * of the pure functions in src-shared/qa (ratings, shapes by image and annotator, gold outcomes).
 */
export interface QualityData {
  project: Project;
  settings: QaSettings;
  items: StoredItem[];
  /** Answered (not skipped) responses. */
  answers: ResponseFact[];
  ratingsByType: Map<ItemType, Rating[]>;
  annotations: Annotation[];
  /** image → annotator → shapes with a region (boxes, polygons, rotated boxes, circles). */
  shapes: Map<string, Map<string, Shape[]>>;
  gold: Gold[];
  goldOutcomes: GoldOutcome[];
  geometryOnGold: ({ annotator: string; images: number } & DetectionScores)[];
  speed: { fast: string[]; annotators: SpeedStats[] };
}

export const toShape = (a: Annotation): Shape => ({ id: a.id, class_id: a.class_id, geometry: a.geometry });

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function allAnnotations(store: Store, projectId: string): Annotation[] {
  const out: Annotation[] = [];
  for (let offset = 0; ; offset += 10_000) {
    const page = store.annotations.query(projectId, {}, offset, 10_000);
    out.push(...page.items);
    if (offset + 10_000 >= page.total) return out;
  }
}

/** Shapes of one image by annotator; unattributed annotations and shapes without a region are left out. */
export function shapesByAnnotator(annotations: readonly Annotation[]): Map<string, Shape[]> {
  const byAnnotator = new Map<string, Shape[]>();
  for (const a of annotations) {
    if (!a.annotator_id || !regionOf(a.geometry)) continue;
    pushTo(byAnnotator, a.annotator_id, toShape(a));
  }
  return byAnnotator;
}

export function loadQualityData(store: Store, qa: QaStore, projectId: string): QualityData {
  const project = store.projects.get(projectId);
  const settings = qaSettingsOf(project.task_config);
  const items = qa.items.all(projectId);
  const itemById = new Map(items.map((i) => [i.id, i]));
  const responses = qa.responses.all(projectId);
  const answers: ResponseFact[] = responses
    .filter((r) => r.skipped === 0 && itemById.has(r.item_id as string))
    .map((r) => ({
      id: r.id,
      item_id: r.item_id as string,
      item_type: itemById.get(r.item_id as string)!.content.item_type,
      annotator: r.annotator_id as string,
      answer: json<Answer | null>(r.answer, null),
      time_spent_ms: (r.time_spent_ms as number | null) ?? null,
      submitted_at: r.submitted_at as string,
    }))
    .filter((r) => r.answer !== null);
  const ratingsByType = new Map<ItemType, Rating[]>();
  for (const a of answers) pushTo(ratingsByType, a.item_type, { item: a.item_id, annotator: a.annotator, value: answerKey(a.answer!) });

  const annotations = allAnnotations(store, projectId);
  const byImage = new Map<string, Annotation[]>();
  for (const a of annotations) pushTo(byImage, a.image_id, a);
  const shapes = new Map([...byImage].map(([image, list]) => [image, shapesByAnnotator(list)]));

  const gold = qa.gold.list(projectId);
  const goldOutcomes: GoldOutcome[] = [];
  for (const a of answers) {
    const expected = itemById.get(a.item_id)!.expected;
    if (expected) goldOutcomes.push({ annotator: a.annotator, target: a.item_id, ...scoreAnswer(expected, a.answer!) });
  }
  const geometry = new Map<string, { acc: ReturnType<typeof detectionAccumulator>; images: number }>();
  for (const g of gold) {
    if (!g.image_id || !('shapes' in g.expected)) continue;
    const expected = g.expected.shapes.map((s, i): Shape => ({ id: `gold:${i}`, class_id: s.class_id, geometry: s.geometry }));
    for (const [annotator, theirs] of shapes.get(g.image_id) ?? []) {
      if (annotator === g.created_by) continue;
      const f1 = detectionScores(expected, theirs, { iouThreshold: settings.iouThreshold }).overall.f1 ?? 1;
      goldOutcomes.push({ annotator, target: g.image_id, correct: f1 >= settings.goldImageMinF1, score: f1 });
      const entry = geometry.get(annotator) ?? { acc: detectionAccumulator(), images: 0 };
      entry.acc.add(expected, theirs, { iouThreshold: settings.iouThreshold });
      entry.images++;
      geometry.set(annotator, entry);
    }
  }
  const geometryOnGold = [...geometry].sort(([a], [b]) => (a < b ? -1 : 1)).map(([annotator, g]) => ({ annotator, images: g.images, ...g.acc.result() }));
  const speed = speedFlags(answers.map((a) => ({ id: a.id, annotator: a.annotator, time_spent_ms: a.time_spent_ms })), settings.minTimeMs, settings.maxFastRate);
  return { project, settings, items, answers, ratingsByType, annotations, shapes, gold, goldOutcomes, geometryOnGold, speed };
}

/** Computed flags (speed check, low gold accuracy) and the stored manual ones, in the shape of `001_…txt`'s quality flags. */
export function qualityFlags(data: QualityData, qa: QaStore, refs: (id: string) => PersonRef | null): Flag[] {
  const { project, settings } = data;
  const person = (id: string): PersonRef => refs(id) ?? { id, email: null, full_name: id };
  const lastAt = (annotator: string) => data.answers.filter((a) => a.annotator === annotator).map((a) => a.submitted_at).sort().at(-1) ?? qa.now();
  const pct = (x: number) => `${Math.round(x * 100)}%`;
  const flags: Flag[] = [];
  for (const s of data.speed.annotators.filter((x) => x.flagged)) {
    flags.push({
      id: `computed:speed_check:${s.annotator}`, project_id: project.id, user: person(s.annotator), check_type: 'speed_check', passed: false, source: 'computed',
      flag_reason: `Responses too fast: ${pct(s.fast_response_rate!)} of ${s.timed} answers took under ${settings.minTimeMs / 1000} s`,
      timestamp: lastAt(s.annotator), metadata: { fast: s.fast, timed: s.timed, fast_response_rate: s.fast_response_rate, median_time_ms: s.median_time_ms, minTimeMs: settings.minTimeMs },
    });
  }
  for (const g of goldAccuracy(data.goldOutcomes).filter((x) => x.accuracy !== null && x.accuracy < settings.qualityThreshold)) {
    flags.push({
      id: `computed:gold_accuracy:${g.annotator}`, project_id: project.id, user: person(g.annotator), check_type: 'gold_accuracy', passed: false, source: 'computed',
      flag_reason: `Low accuracy on gold: ${pct(g.accuracy!)} (${g.correct} of ${g.attempts}), below ${pct(settings.qualityThreshold)}`,
      timestamp: lastAt(g.annotator), metadata: { attempts: g.attempts, correct: g.correct, accuracy: g.accuracy, qualityThreshold: settings.qualityThreshold },
    });
  }
  for (const f of qa.flags.list(project.id)) {
    flags.push({ id: f.id, project_id: project.id, user: person(f.user_id), check_type: 'manual', passed: false, source: 'manual', flag_reason: f.reason, timestamp: f.created_at, metadata: { ...f.metadata, flagged_by: f.created_by } });
  }
  return flags;
}
