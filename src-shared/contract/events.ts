import { z } from 'zod';
import { EVENT_NAME_LIST } from './names';
import { syncEvents } from './sync';

/** Events main pushes to every window or browser tab. */
export const events = {
  /** Long work (imports, exports, precompute) reports here; `done === total` ends the job. */
  progress: z.object({
    job_id: z.string(),
    kind: z.string(),
    project_id: z.string().nullable(),
    done: z.number().int(),
    total: z.number().int(),
    message: z.string(),
    finished: z.boolean(),
  }),
  /** Tables a write touched, so views refresh what they show. */
  dataChanged: z.object({
    project_id: z.string().nullable(),
    tables: z.array(z.enum(['projects', 'images', 'annotations', 'tasks', 'comments', 'items', 'responses', 'snapshots'])),
    image_id: z.string().nullable().optional(),
  }),
  ...syncEvents,
} as const;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventPayload<N extends EventName> = z.infer<Events[N]>;
export const EVENT_NAMES: readonly EventName[] = EVENT_NAME_LIST;

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const namesMatch: Same<(typeof EVENT_NAME_LIST)[number], EventName> = true;
void namesMatch;
