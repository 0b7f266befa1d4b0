import type { ImageFilter } from '../navigation/store';

const TABS: { value: ImageFilter; label: string }[] = [
  { value: 'all', label: 'All' },
  { value: 'annotated', label: 'Annotated' },
  { value: 'unannotated', label: 'Not annotated' },
];

export function FilterTabs({ value, counts, onChange }: { value: ImageFilter; counts: Record<ImageFilter, number | undefined>; onChange(filter: ImageFilter): void }) {
  return (
    <nav className="tabs" role="tablist" aria-label="Image filter">
      {TABS.map((t) => (
        <button key={t.value} type="button" role="tab" aria-selected={value === t.value} className={value === t.value ? 'tab active' : 'tab'} data-testid={`filter-${t.value}`} onClick={() => onChange(t.value)}>
          {t.label}
          {counts[t.value] !== undefined && <span className="tab-count">{counts[t.value]!.toLocaleString()}</span>}
        </button>
      ))}
    </nav>
  );
}
