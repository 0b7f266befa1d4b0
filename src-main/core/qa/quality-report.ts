import type { Agreement, Analytics, ItemConsensus, QaReport } from '../../../src-shared/qa/report-schemas';
import { categoricalAgreement, geometryAgreement } from '../../../src-shared/qa/agreement';
import { accuracyDistribution, annotatorActivity, labelsPerDay, perClassCounts, qualityAlerts, timePerLabel, topPerformers, type LabelEvent } from '../../../src-shared/qa/analytics';
import { itemConsensus } from '../../../src-shared/qa/consensus';
import { goldAccuracy, goldTargetPerformance } from '../../../src-shared/qa/gold';
import { ITEM_TYPES, answerKey } from '../../../src-shared/qa/items';
import { mean, round } from '../../../src-shared/qa/ratings';
import type { PersonRef } from '../../../src-shared/qa/entities';
import type { QualityData } from './quality-data';

/** Assembles the agreement, consensus, report and analytics outputs from loaded quality data (no I/O here). */

export function agreementOf(data: QualityData): Agreement {
  return {
    items: ITEM_TYPES.filter((t) => data.ratingsByType.has(t)).map((item_type) => ({ item_type, ...categoricalAgreement(data.ratingsByType.get(item_type)!) })),
    images: geometryAgreement([...data.shapes.values()], { iouThreshold: data.settings.iouThreshold }),
  };
}

/** Krippendorff's alpha over item types, weighted by their number of ratings (null when undefined everywhere). */
export function overallAlpha(agreement: Agreement): number | null {
  const defined = agreement.items.filter((i) => i.krippendorff.alpha !== null);
  const weight = defined.reduce((s, i) => s + i.ratings, 0);
  return weight ? defined.reduce((s, i) => s + (i.krippendorff.alpha as number) * i.ratings, 0) / weight : null;
}

export function consensusOf(data: QualityData, method: ItemConsensus['method'], itemType?: string): ItemConsensus {
  const k = data.settings.consensusRequired;
  const items = data.items.filter((i) => !i.gold_id && (!itemType || i.content.item_type === itemType));
  const byId = new Map(items.map((i) => [i.id, i]));
  const out: ItemConsensus['items'] = [];
  const annotator_accuracy: ItemConsensus['annotator_accuracy'] = {};
  for (const type of ITEM_TYPES) {
    const ratings = (data.ratingsByType.get(type) ?? []).filter((r) => byId.has(r.item));
    if (!ratings.length) continue;
    const { verdicts, accuracy } = itemConsensus(ratings, method, k);
    annotator_accuracy[type] = Object.fromEntries(Object.entries(accuracy).map(([a, v]) => [a, round(v) ?? 0]));
    for (const v of verdicts) {
      const item = byId.get(v.item)!;
      out.push({ item_id: v.item, external_id: item.external_id, item_type: type, choices: v.label.split('|'), confidence: round(v.confidence) ?? 0, answers: v.answers, reached: v.reached, methods_agree: v.methods_agree, votes: v.votes });
    }
  }
  const position = new Map(items.map((i, n) => [i.id, n]));
  out.sort((a, b) => position.get(a.item_id)! - position.get(b.item_id)!);
  const reached = out.filter((v) => v.reached).length;
  return { method, consensus_required: k, items: out, coverage: { items: items.length, reached, share: items.length ? round(reached / items.length) : null }, annotator_accuracy };
}

type Refs = (id: string) => PersonRef | null;

export function reportOf(data: QualityData, context: { imageCount: number; flags: QaReport['flags']; refs: Refs; now: string }): QaReport {
  const { settings } = data;
  const agreement = agreementOf(data);
  const consensus = consensusOf(data, 'dawid_skene');
  const perAnnotator = goldAccuracy(data.goldOutcomes);
  const responses = new Map<string, number>();
  for (const a of data.answers) responses.set(a.annotator, (responses.get(a.annotator) ?? 0) + 1);
  const annotations = new Map<string, number>();
  const annotatorsOfImage = new Map<string, Set<string>>();
  for (const a of data.annotations) {
    if (!a.annotator_id) continue;
    annotations.set(a.annotator_id, (annotations.get(a.annotator_id) ?? 0) + 1);
    annotatorsOfImage.set(a.image_id, (annotatorsOfImage.get(a.image_id) ?? new Set()).add(a.annotator_id));
  }
  const ids = [...new Set([...responses.keys(), ...annotations.keys()])].sort();
  const imagesReached = [...annotatorsOfImage.values()].filter((s) => s.size >= settings.consensusRequired).length;
  const answered = consensus.items.filter((i) => i.answers >= 2);
  return {
    project: { id: data.project.id, name: data.project.name },
    generated_at: context.now,
    settings,
    annotators: ids.map((id) => ({ ...(context.refs(id) ?? { id, email: null, full_name: id }), responses: responses.get(id) ?? 0, annotations: annotations.get(id) ?? 0 })),
    agreement,
    gold: {
      gold_items: data.gold.filter((g) => g.item_id).length,
      gold_images: data.gold.filter((g) => g.image_id).length,
      per_annotator: perAnnotator.map((g) => ({ ...g, person: context.refs(g.annotator), accuracy: round(g.accuracy), mean_score: round(g.mean_score) })),
      geometry: data.geometryOnGold,
    },
    consensus: {
      consensus_required: settings.consensusRequired,
      items: { total: consensus.coverage.items, reached: consensus.coverage.reached, coverage: consensus.coverage.share },
      images: { total: context.imageCount, reached: imagesReached, coverage: context.imageCount ? round(imagesReached / context.imageCount) : null },
      methods_agree: answered.length ? round(answered.filter((i) => i.methods_agree).length / answered.length) : null,
    },
    flags: context.flags,
    alerts: qualityAlerts({
      gold: perAnnotator, speed: data.speed.annotators, agreement: overallAlpha(agreement),
      coverage: consensus.coverage.items ? consensus.coverage.reached / consensus.coverage.items : null,
      qualityThreshold: settings.qualityThreshold, maxFastRate: settings.maxFastRate,
    }),
  };
}

/** Label events: every answered response and every annotation (class name as its label). */
export function labelEvents(data: QualityData): LabelEvent[] {
  const className = new Map(data.project.classes.map((c) => [c.id, c.name]));
  return [
    ...data.answers.map((a): LabelEvent => ({ at: a.submitted_at, annotator: a.annotator, kind: 'response', label: answerKey(a.answer!), time_spent_ms: a.time_spent_ms })),
    ...data.annotations.map((a): LabelEvent => ({ at: a.created_at, annotator: a.annotator_id ?? 'unattributed', kind: 'annotation', label: a.class_id === null ? a.annotation_type : className.get(a.class_id) ?? String(a.class_id), time_spent_ms: null })),
  ];
}

export function analyticsOf(data: QualityData, context: { days: number; now: string; completedTasks: number; refs: Refs }): Analytics {
  const events = labelEvents(data);
  const since = new Date(Date.parse(context.now) - context.days * 86_400_000).toISOString();
  const recent = events.filter((e) => e.at >= since);
  const perDay = labelsPerDay(events, context.now, context.days);
  const gold = goldAccuracy(data.goldOutcomes);
  const activity = annotatorActivity(events, gold, context.now);
  const time = timePerLabel(recent);
  const accuracies = gold.map((g) => g.accuracy).filter((a): a is number => a !== null);
  const agreement = overallAlpha(agreementOf(data));
  const consensus = consensusOf(data, 'majority');
  return {
    period_days: context.days,
    generated_at: context.now,
    overview: {
      activeUsers: new Set(recent.map((e) => e.annotator)).size,
      labelsToday: perDay.at(-1)?.labels ?? 0,
      avgAccuracy: accuracies.length ? round(mean(accuracies)! * 100, 1) : null,
      avgTimePerLabel: time.mean_ms === null ? null : round(time.mean_ms / 1000, 1),
      completedTasks: context.completedTasks,
      totalLabels: recent.length,
    },
    labels_per_day: perDay,
    time_per_label: time,
    accuracy_distribution: accuracyDistribution(gold.map((g) => g.accuracy)),
    per_class: perClassCounts(recent),
    annotators: activity.map((a) => ({ ...a, person: context.refs(a.annotator), accuracy: round(a.accuracy) })),
    top_performers: topPerformers(activity).map((a) => a.annotator),
    honeypot_performance: goldTargetPerformance(data.goldOutcomes).map((h) => ({ ...h, success_rate: round(h.success_rate) ?? 0 })),
    quality_alerts: qualityAlerts({
      gold, speed: data.speed.annotators, agreement,
      coverage: consensus.coverage.items ? consensus.coverage.reached / consensus.coverage.items : null,
      qualityThreshold: data.settings.qualityThreshold, maxFastRate: data.settings.maxFastRate,
    }),
  };
}
