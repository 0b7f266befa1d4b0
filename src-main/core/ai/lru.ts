/**
 * A least-recently-used map with a capacity in entries or in any weight (bytes). `get` refreshes
 * an entry; `set` evicts the oldest entries until the weight fits, reporting each to `onEvict`.
 */
export class Lru<K, V> {
  private readonly map = new Map<K, { value: V; weight: number }>();
  private total = 0;

  constructor(
    private readonly capacity: number,
    private readonly weigh: (value: V) => number = () => 1,
    private readonly onEvict?: (key: K, value: V) => void,
  ) {}

  get size(): number {
    return this.map.size;
  }

  get weight(): number {
    return this.total;
  }

  has(key: K): boolean {
    return this.map.has(key);
  }

  get(key: K): V | undefined {
    const entry = this.map.get(key);
    if (!entry) return undefined;
    this.map.delete(key);
    this.map.set(key, entry);
    return entry.value;
  }

  /** Reads without refreshing. */
  peek(key: K): V | undefined {
    return this.map.get(key)?.value;
  }

  set(key: K, value: V): void {
    this.delete(key);
    const weight = this.weigh(value);
    this.map.set(key, { value, weight });
    this.total += weight;
    for (const [oldKey, entry] of this.map) {
      if (this.total <= this.capacity || oldKey === key) break;
      this.map.delete(oldKey);
      this.total -= entry.weight;
      this.onEvict?.(oldKey, entry.value);
    }
  }

  delete(key: K): boolean {
    const entry = this.map.get(key);
    if (!entry) return false;
    this.map.delete(key);
    this.total -= entry.weight;
    return true;
  }

  keys(): K[] {
    return [...this.map.keys()];
  }

  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}
