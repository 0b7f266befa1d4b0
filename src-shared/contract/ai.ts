import { z } from 'zod';
import { annotationSchema, idSchema } from './entities';
import { pointSchema } from '../geometry/schemas';

/**
 * On-device Segment Anything. An editor tool drives it like this:
 *
 *   open image ──► aiPrepare (encode, ~0.5 s; instant when cached) and aiPrefetch (next images)
 *   hover/click/drag ──► aiSegment (~30–40 ms, reuses the embedding; throttle hover to one in flight)
 *   refine ──► aiSegment with previous_result_id (the low-res mask of that result is fed back)
 *   Enter ──► aiAccept(result_id, class_id) stores polygon(s) or a mask with source "sam"
 *   Esc / next image ──► drop the result ids (they expire on their own); aiPrefetch replaces the queue
 *
 * Project settings read from `task_config.sam`: `model` (model id, default: the manifest's
 * default) and `accept_as` ("polygon" | "mask"; default polygon, or mask when
 * `task_config.segmentation.types` allows only masks). Accepted results go through the same
 * checks as createAnnotation, task_config rules included.
 * Long jobs (precompute, segment boxes, downloads) emit `progress` events with their job_id and
 * stop early on aiCancel.
 */
const procedure = <I extends z.ZodType, O extends z.ZodType>(input: I, output: O, doc: string) => ({ input, output, doc });

export const SAM_ACCEPT_AS = ['polygon', 'mask'] as const;
export const SAM_EMBEDDING_SOURCES = ['memory', 'disk', 'computed'] as const;

const finite = z.number().finite();
const modelId = z.string().min(1).max(100);
const count = z.number().int().nonnegative();

/** A click in image pixels: label 1 = object, 0 = background (Shift/Alt-click). */
export const samPointSchema = z.object({ x: finite, y: finite, label: z.union([z.literal(0), z.literal(1)]).default(1) });
export const samBoxSchema = z.tuple([finite, finite, finite.positive(), finite.positive()]);
export const samPolygonSchema = z.object({ points: z.array(pointSchema), holes: z.array(z.array(pointSchema)).optional() });
const rleSchema = z.object({ size: z.tuple([z.number().int().positive(), z.number().int().positive()]), counts: z.string() });
const bboxSchema = z.tuple([finite, finite, finite, finite]);

export const samResultSchema = z.object({
  /** Hand to aiAccept to store it, or to aiSegment as previous_result_id to refine it. Kept for the last 64 results. */
  result_id: z.string(),
  image_id: idSchema,
  model_id: z.string(),
  /** One polygon per connected part, largest first, with holes; image pixels. */
  polygons: z.array(samPolygonSchema),
  bbox: bboxSchema,
  area: count,
  /** The model's own IoU estimate for this mask. */
  score: z.number(),
  /** COCO RLE (compressed counts), size [height, width]. */
  rle: rleSchema,
  embedding: z.enum(SAM_EMBEDDING_SOURCES),
  timings: z.object({ encode_ms: z.number(), decode_ms: z.number(), post_ms: z.number() }),
});
export type SamResult = z.infer<typeof samResultSchema>;

export const samModelSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  license: z.string(),
  decoder_variant: z.string(),
  /** False for decoder variants this version cannot run yet. */
  supported: z.boolean(),
  is_default: z.boolean(),
  installed: z.boolean(),
  location: z.enum(['data', 'env', 'package']).nullable(),
  dir: z.string().nullable(),
  downloadable: z.boolean(),
  files: z.array(z.object({
    role: z.enum(['encoder', 'decoder']),
    name: z.string(),
    url: z.string().nullable(),
    sha256: z.string().nullable(),
    /** Taken when the file was imported or downloaded, for entries that publish no hash. */
    sha256_recorded: z.string().nullable(),
    size: z.number().int().nullable(),
    present: z.boolean(),
  })),
  sha256_note: z.string().nullable(),
});

const cacheStatsSchema = z.object({ memory_entries: count, disk_entries: count, disk_bytes: count, max_bytes: count });
const failureSchema = z.object({ image_id: idSchema, annotation_id: idSchema.nullable().default(null), code: z.string(), reason: z.string() });
const modelRef = { model_id: modelId.optional() };

export const aiProcedures = {
  aiStatus: procedure(
    z.object({ ...modelRef, image_ids: z.array(idSchema).max(1000).default([]) }).default({ image_ids: [] }),
    z.object({
      model_id: z.string(),
      state: z.enum(['idle', 'loading', 'ready', 'error']),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      decoder_thread: z.enum(['worker', 'main']).nullable(),
      /** Per asked image: is its embedding cached (a click answers at decoder speed)? */
      ready: z.record(z.string(), z.boolean()),
      cache: cacheStatsSchema.nullable(),
      queue: z.object({ waiting: count, running: count, completed: count, dropped: count }).nullable(),
    }),
    'State of the SAM engine for a model (default: the manifest default): loading, ready, or the error that stops it (a bad model file never affects the other procedures).',
  ),
  aiModels: procedure(
    z.object({}).default({}),
    z.object({ default_model: z.string(), models: z.array(samModelSchema) }),
    'SAM-family models of the manifest, with where each is installed (data folder, $LABELER_MODELS, bundled package) or how to get it.',
  ),
  aiImportModel: procedure(
    z.object({ model_id: modelId, encoder: z.string().min(1), decoder: z.string().min(1) }),
    samModelSchema,
    "Copies a model's encoder and decoder files from disk into the data folder after checking their sha256 (recorded on import when the manifest publishes none).",
  ),
  aiDownloadModel: procedure(
    z.object({ model_id: modelId }),
    z.object({ job_id: z.string(), model: samModelSchema }),
    "Downloads a model's files from its manifest URLs, resuming partial files, with progress events and a hash check. Only ever runs on this request.",
  ),
  aiPrepare: procedure(
    z.object({ image_id: idSchema, ...modelRef }),
    z.object({ image_id: idSchema, model_id: z.string(), embedding: z.enum(SAM_EMBEDDING_SOURCES), ms: z.number() }),
    'Makes sure the embedding of an image exists (encodes it ahead of any prefetch when needed); call when an image opens.',
  ),
  aiPrefetch: procedure(
    z.object({ image_id: idSchema, ahead: z.number().int().min(0).max(20).default(3), annotated: z.boolean().optional(), ...modelRef }),
    z.object({ job_id: z.string(), queued: z.array(idSchema), ready: z.array(idSchema) }),
    'Encodes the next `ahead` images after this one in navigation order at low priority, replacing the previous prefetch (ahead 0 cancels it).',
  ),
  aiSegment: procedure(
    z.object({
      image_id: idSchema,
      ...modelRef,
      points: z.array(samPointSchema).max(64).default([]),
      box: samBoxSchema.nullable().default(null),
      previous_result_id: z.string().nullable().default(null),
      tolerance: z.number().min(0).max(50).default(1),
      min_area: z.number().int().min(0).default(0),
    }),
    samResultSchema,
    'Segments an image from clicks and/or a box (image pixels); refines a previous result when given its id. Returns polygons, COCO RLE, bbox, area and score.',
  ),
  aiAccept: procedure(
    z.object({
      result_id: z.string(),
      class_id: z.number().int().nonnegative().nullable().default(null),
      as: z.enum(SAM_ACCEPT_AS).optional(),
      components: z.enum(['all', 'largest']).default('all'),
    }),
    z.object({ annotations: z.array(annotationSchema) }),
    'Stores a segment result as annotations with source "sam": one polygon per part (or the largest), or one mask; `as` defaults to the project setting.',
  ),
  aiSegmentBoxes: procedure(
    z.object({
      project_id: idSchema,
      ...modelRef,
      image_ids: z.array(idSchema).max(100_000).optional(),
      class_id: z.number().int().nonnegative().optional(),
      as: z.enum(SAM_ACCEPT_AS).optional(),
      keep_originals: z.boolean().default(false),
    }),
    z.object({ job_id: z.string(), images: count, boxes: count, converted: count, empty: count, failed: z.array(failureSchema), cancelled: z.boolean() }),
    "Turns bbox annotations into polygons or masks, the box as prompt, keeping each box's class; the boxes are deleted unless keep_originals. Emits progress.",
  ),
  aiPrecompute: procedure(
    z.object({ project_id: idSchema, ...modelRef, image_ids: z.array(idSchema).max(100_000).optional() }),
    z.object({ job_id: z.string(), total: count, computed: count, cached: count, failed: z.array(failureSchema), cancelled: z.boolean() }),
    'Encodes every image of a project (or the given ones) into the embedding cache at batch priority, behind interactive work. Emits progress.',
  ),
  aiCancel: procedure(
    z.object({ job_id: z.string() }),
    z.object({ cancelled: z.boolean() }),
    'Stops a running precompute, segment-boxes, download or prefetch job; work already done stays.',
  ),
} as const;
