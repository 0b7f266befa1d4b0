/**
 * Record keys ↔ store ids for the session. Loaded annotations use their id as key; a record drawn
 * here gets a local key bound to the id its create returns, and a record re-created by undo
 * binds its old key to the new id. Reloading an image maps ids back to the same keys.
 */
export class IdMap {
  private idByKey = new Map<string, string>();
  private keyById = new Map<string, string>();
  private counter = 0;

  newKey(): string {
    return `local-${Date.now().toString(36)}-${(++this.counter).toString(36)}`;
  }

  bind(key: string, id: string): void {
    const old = this.idByKey.get(key);
    if (old) this.keyById.delete(old);
    this.idByKey.set(key, id);
    this.keyById.set(id, key);
  }

  /** Forgets the id of a key (its annotation was deleted in the store). */
  unbind(key: string): void {
    const id = this.idByKey.get(key);
    if (id) this.keyById.delete(id);
    this.idByKey.delete(key);
  }

  idOf(key: string): string | undefined {
    return this.idByKey.get(key);
  }

  /** The key for a store id, binding the id as its own key the first time it is seen. */
  keyOf(id: string): string {
    const key = this.keyById.get(id);
    if (key) return key;
    this.bind(id, id);
    return id;
  }
}
