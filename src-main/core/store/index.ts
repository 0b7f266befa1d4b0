import { annotationRepository } from './annotations';
import { defaultContext, type StoreContext } from './context';
import { openDatabase, type Db } from './db';
import { imageRepository } from './images';
import { projectRepository } from './projects';

export type Store = ReturnType<typeof createStore>;

/** The local store: one SQLite file, a repository per entity, all sharing one context. */
export function createStore(ctx: StoreContext) {
  return {
    db: ctx.db,
    projects: projectRepository(ctx),
    images: imageRepository(ctx),
    annotations: annotationRepository(ctx),
    outboxLength(): number {
      return (ctx.db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    },
    close(): void {
      ctx.db.close();
    },
  };
}

/** Opens the store file and builds the repositories over it. */
export async function openStore(file: string, options: Partial<Omit<StoreContext, 'db'>> = {}): Promise<Store> {
  const db: Db = await openDatabase(file);
  return createStore({ ...defaultContext(db), ...options });
}
