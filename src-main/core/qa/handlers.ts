import type { ProcedureName } from '../../../src-shared/contract/procedures';
import type { CoreDeps, HandlerGroup } from '../deps';
import { commentHandlers } from './comment-handlers';
import { itemHandlers } from './item-handlers';
import { peopleHandlers } from './people-handlers';
import { qualityHandlers } from './quality-handlers';
import { reviewHandlers } from './review-handlers';
import { createQaStore } from './store';
import { taskHandlers } from './task-handlers';

type QaProcedure = keyof ReturnType<typeof peopleHandlers> | keyof ReturnType<typeof reviewHandlers> | keyof ReturnType<typeof commentHandlers>
  | keyof ReturnType<typeof taskHandlers> | keyof ReturnType<typeof itemHandlers> | keyof ReturnType<typeof qualityHandlers>;

/** Review and quality (issue 8): people, review, comments, tasks, items and responses, gold and metrics. */
export function qaHandlers(deps: CoreDeps): HandlerGroup<Extract<ProcedureName, QaProcedure>> {
  const qa = createQaStore(deps.store);
  return {
    ...peopleHandlers(deps, qa),
    ...reviewHandlers(deps, qa),
    ...commentHandlers(deps, qa),
    ...taskHandlers(deps, qa),
    ...itemHandlers(deps, qa),
    ...qualityHandlers(deps, qa),
  };
}
