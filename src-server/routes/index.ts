import type { z } from 'zod';
import type { RouteSpec } from '../http/route';
import type { ServerContext } from '../context';

export type AddRoute = <P extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined, B extends z.ZodType | undefined = undefined>(spec: RouteSpec<P, Q, B>) => void;

/** A route module adds its endpoints through `add`, typed by their schemas. */
export type RouteModule = (add: AddRoute, ctx: ServerContext) => void;
