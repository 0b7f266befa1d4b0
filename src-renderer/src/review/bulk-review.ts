import type { Annotation } from '../../../src-shared/contract/entities';
import type { ReviewFilters } from './review-keys';

/**
 * Reviewing many queue images at once: gather the annotation ids that match the active filters,
 * set their status in as few calls as the contract allows, then mark each image reviewed.
 * The I/O comes in as `BulkDeps` so the order of calls and the chunking are tested without a server.
 */
export type BulkAction = 'approve' | 'reject' | 'reviewed';

/** The most annotation ids `reviewAnnotations` takes in one call. */
export const MAX_IDS_PER_CALL = 10_000;
/** Calls in flight at once while gathering or marking images (keeps the UI and the server responsive). */
const PARALLEL = 8;

export interface BulkDeps {
  listAnnotations(imageId: string): Promise<readonly Annotation[]>;
  reviewAnnotations(ids: string[], status: 'approved' | 'rejected', reason?: string): Promise<unknown>;
  markReviewed(imageId: string): Promise<unknown>;
}

export type Progress = (done: number, total: number) => void;

/** Whether an annotation passes the review filters (those about annotations; `reviewed` is about images). */
export function matchesFilters(a: Pick<Annotation, 'annotator_id' | 'class_id' | 'annotation_type' | 'annotation_status'>, f: ReviewFilters): boolean {
  return (
    (f.annotator_id === undefined || a.annotator_id === f.annotator_id) &&
    (f.class_id === undefined || a.class_id === f.class_id) &&
    (f.annotation_type === undefined || a.annotation_type === f.annotation_type) &&
    (f.annotation_status === undefined || a.annotation_status === f.annotation_status)
  );
}

export function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Runs `fn` over `list` with at most `PARALLEL` calls in flight, reporting each finished one. */
async function eachLimited<T>(list: readonly T[], fn: (item: T) => Promise<void>, onDone: () => void): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < list.length) {
      const item = list[next++];
      await fn(item);
      onDone();
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, list.length) }, worker));
}

/** The ids of the annotations on these images that match the filters, image by image in queue order. */
export async function gatherAnnotationIds(deps: BulkDeps, imageIds: readonly string[], filters: ReviewFilters, progress: Progress): Promise<string[]> {
  const byImage = new Map<string, string[]>();
  let done = 0;
  await eachLimited(
    imageIds,
    async (id) => {
      const list = await deps.listAnnotations(id);
      byImage.set(id, list.filter((a) => matchesFilters(a, filters)).map((a) => a.id));
    },
    () => progress(++done, imageIds.length),
  );
  return imageIds.flatMap((id) => byImage.get(id) ?? []);
}

/** Sets the status of the gathered annotations (chunked) and marks every image reviewed. */
export async function applyBulkReview(deps: BulkDeps, plan: { action: BulkAction; imageIds: readonly string[]; annotationIds: readonly string[]; reason?: string }, progress: Progress): Promise<void> {
  const parts = plan.action === 'reviewed' ? [] : chunks(plan.annotationIds, MAX_IDS_PER_CALL);
  const total = parts.length + plan.imageIds.length;
  let done = 0;
  const status = plan.action === 'approve' ? 'approved' : 'rejected';
  const reason = plan.reason?.trim() || undefined;
  for (const part of parts) {
    await deps.reviewAnnotations(part, status, reason);
    progress(++done, total);
  }
  await eachLimited(plan.imageIds, (id) => deps.markReviewed(id).then(() => undefined), () => progress(++done, total));
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** What a finished bulk review says, e.g. "Approved 57 annotations on 12 images". */
export function bulkSummary(action: BulkAction, annotations: number, images: number): string {
  if (action === 'reviewed') return `Marked ${plural(images, 'image')} reviewed`;
  return `${action === 'approve' ? 'Approved' : 'Rejected'} ${plural(annotations, 'annotation')} on ${plural(images, 'image')}`;
}
