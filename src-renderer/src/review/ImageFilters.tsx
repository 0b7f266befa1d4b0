import { ANNOTATION_STATUSES, type LabelClass } from '../../../src-shared/contract/entities';
import { ANNOTATION_TYPES } from '../../../src-shared/geometry/schemas';
import type { Person } from '../../../src-shared/qa/entities';
import type { ReviewFilters } from './review-keys';

/** The filters of the image review queue: annotator, class, type, status and reviewed or not. */
export function ImageFilters({ filters, people, classes, onChange }: {
  filters: ReviewFilters;
  people: readonly Person[];
  classes: readonly LabelClass[];
  onChange(patch: Partial<ReviewFilters>): void;
}) {
  return (
    <>
      <label>
        Annotator
        <select data-testid="filter-annotator" value={filters.annotator_id ?? ''} onChange={(e) => onChange({ annotator_id: e.target.value || undefined })}>
          <option value="">any</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.full_name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Class
        <select data-testid="filter-class" value={filters.class_id ?? ''} onChange={(e) => onChange({ class_id: e.target.value === '' ? undefined : Number(e.target.value) })}>
          <option value="">any</option>
          {classes.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type
        <select data-testid="filter-type" value={filters.annotation_type ?? ''} onChange={(e) => onChange({ annotation_type: (e.target.value || undefined) as ReviewFilters['annotation_type'] })}>
          <option value="">any</option>
          {ANNOTATION_TYPES.map((t) => (
            <option key={t} value={t}>
              {t}
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select data-testid="filter-status" value={filters.annotation_status ?? ''} onChange={(e) => onChange({ annotation_status: (e.target.value || undefined) as ReviewFilters['annotation_status'] })}>
          <option value="">any</option>
          {ANNOTATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </label>
      <label>
        Images
        <select data-testid="filter-reviewed" value={filters.reviewed} onChange={(e) => onChange({ reviewed: e.target.value as ReviewFilters['reviewed'] })}>
          <option value="false">awaiting review</option>
          <option value="true">reviewed</option>
          <option value="all">all</option>
        </select>
      </label>
    </>
  );
}
