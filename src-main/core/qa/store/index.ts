import type { Store } from '../../store';
import { commentRepository } from './comments';
import { qaContext } from './context';
import { flagRepository } from './flags';
import { goldRepository } from './gold';
import { itemRepository } from './items';
import { peopleRepository } from './people';
import { responseRepository } from './responses';
import { reviewRepository } from './reviews';
import { taskRepository } from './tasks';

export type QaStore = ReturnType<typeof createQaStore>;

/** The repositories of review and quality, over the core store's database. */
export function createQaStore(store: Store) {
  let localId: () => string | null = () => null;
  const ctx = qaContext(store.db, () => localId());
  const people = peopleRepository(ctx);
  localId = () => people.localId();
  return {
    db: store.db,
    now: ctx.now,
    people,
    comments: commentRepository(ctx),
    tasks: taskRepository(ctx),
    items: itemRepository(ctx),
    responses: responseRepository(ctx),
    gold: goldRepository(ctx),
    flags: flagRepository(ctx),
    reviews: reviewRepository(ctx),
  };
}
