import { ANNOTATION_STATUSES, type LabelClass } from '../../../src-shared/contract/entities';
import { ANNOTATION_TYPES } from '../../../src-shared/geometry/schemas';
import type { Person } from '../../../src-shared/qa/entities';
import { FilterSelect } from './FilterSelect';
import type { ReviewFilters } from './review-keys';

const REVIEWED = [
  { value: 'false', text: 'awaiting review' },
  { value: 'true', text: 'reviewed' },
  { value: 'all', text: 'all' },
] as const;

/** The filters of the image review queue: annotator, class, type, status and reviewed or not. */
export function ImageFilters({ filters, people, classes, onChange }: {
  filters: ReviewFilters;
  people: readonly Person[];
  classes: readonly LabelClass[];
  onChange(patch: Partial<ReviewFilters>): void;
}) {
  return (
    <>
      <FilterSelect label="Annotator" testId="filter-annotator" any value={filters.annotator_id} options={people.map((p) => ({ value: p.id, text: p.full_name }))} onChange={(annotator_id) => onChange({ annotator_id })} />
      <FilterSelect
        label="Class"
        testId="filter-class"
        any
        value={filters.class_id?.toString()}
        options={classes.map((c) => ({ value: String(c.id), text: c.name }))}
        onChange={(id) => onChange({ class_id: id === undefined ? undefined : Number(id) })}
      />
      <FilterSelect label="Type" testId="filter-type" any value={filters.annotation_type} options={ANNOTATION_TYPES} onChange={(annotation_type) => onChange({ annotation_type })} />
      <FilterSelect label="Status" testId="filter-status" any value={filters.annotation_status} options={ANNOTATION_STATUSES} onChange={(annotation_status) => onChange({ annotation_status })} />
      <FilterSelect label="Images" testId="filter-reviewed" value={filters.reviewed} options={REVIEWED} onChange={(reviewed) => onChange({ reviewed })} />
    </>
  );
}
