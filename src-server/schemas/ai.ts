import { z } from 'zod';
import { idSchema } from '../../src-shared/contract/entities';

const coord = z.number().finite();
export const segmentBody = z
  .object({
    project_id: idSchema,
    image_id: idSchema,
    prompts: z.object({
      points: z.array(z.object({ x: coord, y: coord, type: z.enum(['positive', 'negative']).default('positive') })).max(64).default([]),
      boxes: z.array(z.object({ bbox: z.tuple([coord, coord, z.number().positive(), z.number().positive()]) })).max(1).default([]),
    }),
  })
  .refine((b) => b.prompts.points.length + b.prompts.boxes.length > 0, { message: 'give at least one point or one box', path: ['prompts'] });
export type SegmentBody = z.infer<typeof segmentBody>;

export const segmentOut = z.object({
  masks: z.array(
    z.object({
      segmentation: z.object({ size: z.tuple([z.number().int(), z.number().int()]), counts: z.string() }),
      area: z.number(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      confidence: z.number(),
    }),
  ),
  inference_time_ms: z.number(),
  model: z.string().optional(),
});

export const captionBody = z.object({ project_id: idSchema, image_id: idSchema, prompt_template: z.string().max(2000).optional() });
export const captionOut = z.object({ caption: z.string(), confidence: z.number(), model: z.string(), inference_time_ms: z.number() });
