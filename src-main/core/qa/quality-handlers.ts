import { AppError } from '../../../src-shared/contract/errors';
import { analyticsCsv } from '../../../src-shared/qa/analytics-export';
import { answerProblems } from '../../../src-shared/qa/items';
import { qaSettingsOf, qaSettingsSchema } from '../../../src-shared/qa/settings';
import { regionOf } from '../../../src-shared/qa/shape-iou';
import { geometryConsensus } from '../../../src-shared/qa/shape-merge';
import type { CoreDeps, HandlerGroup } from '../deps';
import { REVIEWERS, requireRole } from './access';
import { deliver } from './deliver';
import { loadQualityData, qualityFlags, shapesByAnnotator } from './quality-data';
import { agreementOf, analyticsOf, consensusOf, reportOf } from './quality-report';
import type { QaStore } from './store';

type QualityProcedure =
  | 'getQaSettings' | 'setQaSettings' | 'markGold' | 'unmarkGold' | 'listGold' | 'listFlags' | 'flagUser' | 'clearFlag'
  | 'itemConsensus' | 'imageConsensus' | 'agreementReport' | 'qaReport' | 'analytics' | 'exportAnalytics';

/** Gold, quality settings and flags; consensus, agreement, the QA report and analytics. */
export function qualityHandlers(deps: CoreDeps, qa: QaStore): HandlerGroup<QualityProcedure> {
  const { store, changed } = deps;
  const refs = () => {
    const lookup = qa.people.refs();
    return (id: string) => lookup(id);
  };

  return {
    getQaSettings: ({ project_id }) => qaSettingsOf(store.projects.get(project_id).task_config),
    setQaSettings: ({ project_id, patch }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Changing quality settings');
      const project = store.projects.get(project_id);
      const settings = qaSettingsSchema.parse({ ...qaSettingsOf(project.task_config), ...patch });
      store.projects.update(project_id, { task_config: { ...project.task_config, qa: settings } });
      changed(project_id, ['projects']);
      return settings;
    },
    markGold: (input) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Marking gold');
      if ('item_id' in input) {
        const item = qa.items.get(input.item_id);
        const problems = answerProblems(item.content, input.expected);
        if (problems.length) throw new AppError('VALIDATION_ERROR', `Expected answer refused: ${problems.join('; ')}.`, problems.map((message) => ({ field: 'expected.choices', message })));
        return qa.gold.mark(item.project_id, { item_id: item.id }, { choices: input.expected.choices }, me.id);
      }
      const image = store.images.get(input.image_id);
      const shapes = input.shapes ?? store.annotations.forImage(image.id).map((a) => ({ class_id: a.class_id, geometry: a.geometry }));
      const gold = qa.gold.mark(image.project_id, { image_id: image.id }, { shapes }, me.id);
      changed(image.project_id, ['images'], image.id);
      return gold;
    },
    unmarkGold: ({ gold_id }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Removing gold marks');
      qa.gold.unmark(gold_id);
      return { deleted: 1 };
    },
    listGold: ({ project_id }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Listing gold');
      store.projects.get(project_id);
      return qa.gold.list(project_id);
    },
    listFlags: ({ project_id }) => qualityFlags(loadQualityData(store, qa, project_id), qa, refs()),
    flagUser: ({ project_id, user_id, reason, metadata }) => {
      const me = qa.people.local();
      requireRole(me, REVIEWERS, 'Flagging people');
      store.projects.get(project_id);
      const person = qa.people.get(user_id);
      const flag = qa.flags.create(project_id, person.id, reason, metadata, me.id);
      return { id: flag.id, project_id, user: { id: person.id, email: person.email, full_name: person.full_name }, check_type: 'manual' as const, passed: false as const, source: 'manual' as const, flag_reason: reason, timestamp: flag.created_at, metadata: { ...metadata, flagged_by: me.id } };
    },
    clearFlag: ({ flag_id }) => {
      requireRole(qa.people.local(), REVIEWERS, 'Clearing flags');
      qa.flags.delete(flag_id);
      return { deleted: 1 };
    },
    itemConsensus: ({ project_id, method, item_type }) => consensusOf(loadQualityData(store, qa, project_id), method, item_type),
    imageConsensus: ({ image_id, min_votes }) => {
      const image = store.images.get(image_id);
      const settings = qaSettingsOf(store.projects.get(image.project_id).task_config);
      const annotations = store.annotations.forImage(image_id);
      const byAnnotator = shapesByAnnotator(annotations);
      const votes = min_votes ?? (settings.consensusRequired > 1 ? settings.consensusRequired : Math.floor(byAnnotator.size / 2) + 1);
      const { kept, dropped } = geometryConsensus(byAnnotator, { iouThreshold: settings.iouThreshold, minVotes: votes });
      return { image_id, annotators: [...byAnnotator.keys()].sort(), min_votes: votes, kept, dropped, skipped_annotations: annotations.filter((a) => !a.annotator_id || !regionOf(a.geometry)).length };
    },
    agreementReport: ({ project_id }) => agreementOf(loadQualityData(store, qa, project_id)),
    qaReport: ({ project_id }) => {
      const data = loadQualityData(store, qa, project_id);
      const lookup = refs();
      return reportOf(data, { imageCount: store.projects.stats(project_id).images, flags: qualityFlags(data, qa, lookup), refs: lookup, now: qa.now() });
    },
    analytics: ({ project_id, days }) => {
      const data = loadQualityData(store, qa, project_id);
      const completedTasks = qa.tasks.list(project_id, null, qa.people.refs()).filter((t) => t.status === 'completed').length;
      return analyticsOf(data, { days, now: qa.now(), completedTasks, refs: refs() });
    },
    exportAnalytics: ({ project_id, format, section, days, path: file }) => {
      const data = loadQualityData(store, qa, project_id);
      const completedTasks = qa.tasks.list(project_id, null, qa.people.refs()).filter((t) => t.status === 'completed').length;
      const analytics = analyticsOf(data, { days, now: qa.now(), completedTasks, refs: refs() });
      const base = data.project.name.replace(/[^\w.-]+/g, '_');
      if (format === 'json') return deliver(`${JSON.stringify(analytics, null, 2)}\n`, file, `${base}-analytics.json`, 'application/json', 1);
      const chosen = section ?? 'annotators';
      const content = analyticsCsv(analytics, chosen);
      return deliver(content, file, `${base}-${chosen}.csv`, 'text/csv', Math.max(0, content.split('\r\n').length - 2));
    },
  };
}
