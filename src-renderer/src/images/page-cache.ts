/**
 * Items of a long list fetched lazily in fixed-size pages, only for the ranges asked for.
 * Invalidating keeps the stale items on screen (no flicker) and refetches a page the next time
 * its range is asked for; older answers never overwrite newer ones. Pages far from the last
 * asked range are dropped, so memory stays bounded however far one scrolls.
 */
export interface Page<T> {
  items: T[];
  total: number;
}

export interface PageCacheOptions<T> {
  fetchPage(offset: number, limit: number): Promise<Page<T>>;
  onChange(): void;
  onError(error: unknown): void;
  pageSize?: number;
  maxPages?: number;
}

export class PageCache<T> {
  readonly pageSize: number;
  private readonly maxPages: number;
  private readonly pages = new Map<number, { items: T[]; generation: number }>();
  private readonly inFlight = new Map<number, number>();
  private generation = 0;
  private totalGeneration = -1;
  private disposed = false;
  total: number | null = null;

  constructor(private readonly options: PageCacheOptions<T>) {
    this.pageSize = options.pageSize ?? 200;
    this.maxPages = options.maxPages ?? 40;
  }

  get(index: number): T | undefined {
    return this.pages.get(Math.floor(index / this.pageSize))?.items[index % this.pageSize];
  }

  /** Makes sure items [start, end) are loaded or loading; fetches only missing or stale pages. */
  ensureRange(start: number, end: number): void {
    const first = Math.floor(Math.max(0, start) / this.pageSize);
    const last = Math.floor(Math.max(start, end - 1) / this.pageSize);
    for (let p = first; p <= last; p++) {
      const page = this.pages.get(p);
      const fresh = page && page.generation === this.generation;
      if (!fresh && this.inFlight.get(p) !== this.generation) void this.load(p);
    }
    this.evictAwayFrom(first, last);
  }

  /** Marks everything stale (the data changed); call ensureRange again to refetch what is seen. */
  invalidate(): void {
    this.generation++;
  }

  /** Stops reporting answers that arrive after the list went away. */
  dispose(): void {
    this.disposed = true;
  }

  private async load(p: number) {
    const generation = this.generation;
    this.inFlight.set(p, generation);
    try {
      const page = await this.options.fetchPage(p * this.pageSize, this.pageSize);
      if (this.disposed) return;
      const current = this.pages.get(p);
      if (!current || current.generation <= generation) this.pages.set(p, { items: page.items, generation });
      if (generation >= this.totalGeneration) {
        this.total = page.total;
        this.totalGeneration = generation;
      }
      this.options.onChange();
    } catch (error) {
      if (!this.disposed) this.options.onError(error);
    } finally {
      if (this.inFlight.get(p) === generation) this.inFlight.delete(p);
    }
  }

  private evictAwayFrom(first: number, last: number) {
    if (this.pages.size <= this.maxPages) return;
    const distance = (p: number) => (p < first ? first - p : p > last ? p - last : 0);
    const byDistance = [...this.pages.keys()].sort((a, b) => distance(b) - distance(a));
    for (const p of byDistance.slice(0, this.pages.size - this.maxPages)) this.pages.delete(p);
  }
}
