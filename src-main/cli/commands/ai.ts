import { Presets, SingleBar } from 'cli-progress';
import { InvalidArgumentError } from 'commander';
import { AppError } from '../../../src-shared/contract/errors';
import type { Image } from '../../../src-shared/contract/entities';
import type { Core } from '../../core/app';
import type { Cli } from '../cli';

const numbers = (value: string, what: string, count: number[]): number[] => {
  const parts = value.split(',').map((p) => Number(p.trim()));
  if (!count.includes(parts.length) || parts.some((n) => !Number.isFinite(n))) throw new InvalidArgumentError(`${what} takes ${count.join(' or ')} comma-separated numbers, got "${value}"`);
  return parts;
};

/** `--point x,y[,label]`, repeatable; label 1 (object, default) or 0 (background). */
function collectPoint(value: string, previous: { x: number; y: number; label: 0 | 1 }[]) {
  const [x, y, label = 1] = numbers(value, '--point', [2, 3]);
  if (label !== 0 && label !== 1) throw new InvalidArgumentError('a point label is 1 (object) or 0 (background)');
  return [...previous, { x, y, label: label as 0 | 1 }];
}

/** Shows `progress` events of one job as a bar on a TTY (stderr), nothing otherwise. */
function progressBar(core: Core, label: string, enabled: boolean): () => void {
  if (!enabled || !process.stderr.isTTY) return () => undefined;
  const bar = new SingleBar({ format: `${label} [{bar}] {value}/{total} {message}`, hideCursor: true, stream: process.stderr }, Presets.shades_classic);
  let started = false;
  const stop = core.bus.listen((event, payload) => {
    if (event !== 'progress') return;
    const p = payload as { done: number; total: number; message: string };
    if (!started) bar.start(p.total, p.done, { message: '' });
    started = true;
    bar.setTotal(p.total);
    bar.update(p.done, { message: p.message.slice(0, 40) });
  });
  return () => {
    stop();
    if (started) bar.stop();
  };
}

/** An image of the project by id, or by its filename (path relative to the import root). */
async function resolveImage(core: Core, projectId: string, ref: string): Promise<Image> {
  try {
    const image = core.store.images.get(ref);
    if (image.project_id === projectId) return image;
  } catch (error) {
    if (!(error instanceof AppError && error.code === 'NOT_FOUND')) throw error;
  }
  const page = await core.call('listImages', { project_id: projectId, search: ref, limit: 1000 });
  const match = page.items.find((i) => i.filename === ref);
  if (!match) throw new AppError('NOT_FOUND', `No image "${ref}" in this project. List them with \`labeler images --project …\`.`);
  return match;
}

/** precompute, segment, and models list|import|download. */
export function registerAiCommands({ program, withCore, print }: Cli): void {
  program
    .command('precompute')
    .description('encode every image of a project into the SAM embedding cache, so clicks answer at once')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--model <id>', 'SAM model (default: the project setting, else the manifest default)')
    .option('--json', 'print the report as JSON')
    .action((opts) =>
      withCore(async (core) => {
        const project = core.store.projects.resolve(opts.project);
        const stop = progressBar(core, 'Encoding', !opts.json);
        const report = await core.call('aiPrecompute', { project_id: project.id, model_id: opts.model }).finally(stop);
        print(Boolean(opts.json), report, () => {
          const lines = [`${report.computed} images encoded, ${report.cached} already cached, of ${report.total} in "${project.name}".`];
          for (const f of report.failed) lines.push(`  failed: ${f.image_id}: ${f.reason} [${f.code}]`);
          return lines.join('\n');
        });
        if (report.failed.length) process.exitCode = 2;
      }),
    );

  program
    .command('segment')
    .description('segment an object with SAM from clicks and/or a box; prints polygons, bbox, area, score and COCO RLE in image pixels')
    .requiredOption('--project <id-or-name>', 'project')
    .requiredOption('--image <id-or-filename>', 'image')
    .option('--point <x,y[,label]>', 'a click; label 1 = object (default), 0 = background; repeat for more', collectPoint, [])
    .option('--box <x,y,w,h>', 'a box around the object', (v: string) => numbers(v, '--box', [4]) as [number, number, number, number])
    .option('--tolerance <px>', 'polygon simplification tolerance in pixels', Number, 1)
    .option('--model <id>', 'SAM model')
    .option('--accept', 'also store the result as annotation(s) with source "sam"')
    .option('--class <id>', 'class id for --accept', Number)
    .option('--as <polygon|mask>', 'what --accept stores (default: the project setting, else polygon)')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const project = core.store.projects.resolve(opts.project);
        const image = await resolveImage(core, project.id, opts.image);
        if (!opts.point.length && !opts.box) throw new AppError('VALIDATION_ERROR', 'Give at least one --point x,y[,label] or a --box x,y,w,h.');
        const result = await core.call('aiSegment', { image_id: image.id, model_id: opts.model, points: opts.point, box: opts.box ?? null, tolerance: opts.tolerance });
        const output: Record<string, unknown> = { polygons: result.polygons, bbox: result.bbox, area: result.area, score: result.score, rle: result.rle };
        if (opts.accept) {
          const accepted = await core.call('aiAccept', { result_id: result.result_id, class_id: opts.class ?? null, as: opts.as });
          output.annotation_ids = accepted.annotations.map((a) => a.id);
        }
        print(Boolean(opts.json), output, () => {
          const vertices = result.polygons.reduce((n, p) => n + p.points.length, 0);
          const lines = [`${image.filename}: area ${result.area} px, bbox [${result.bbox.join(', ')}], score ${result.score.toFixed(3)}, ${result.polygons.length} polygon(s) with ${vertices} vertices (${result.timings.decode_ms.toFixed(0)} ms decode, embedding ${result.embedding})`];
          if (output.annotation_ids) lines.push(`stored: ${(output.annotation_ids as string[]).join(', ')}`);
          return lines.join('\n');
        });
      }),
    );

  const models = program.command('models').description('SAM models: list, import from disk, download');
  models
    .command('list')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const list = await core.call('aiModels', {});
        print(Boolean(opts.json), list, () =>
          list.models
            .map((m) => `${m.is_default ? '*' : ' '} ${m.id.padEnd(20)} ${m.installed ? `installed (${m.location})` : m.downloadable ? 'available to download' : 'import from disk'}${m.supported ? '' : ', not supported yet'}  ${m.name}`)
            .join('\n'),
        );
      }),
    );
  models
    .command('import <model-id>')
    .description("copy a model's files into the data folder after checking their sha256")
    .requiredOption('--encoder <file>', 'encoder .onnx')
    .requiredOption('--decoder <file>', 'decoder .onnx')
    .option('--json', 'print JSON')
    .action((id: string, opts) =>
      withCore(async (core) => {
        const model = await core.call('aiImportModel', { model_id: id, encoder: opts.encoder, decoder: opts.decoder });
        print(Boolean(opts.json), model, () => `Imported "${model.id}" into ${model.dir}.`);
      }),
    );
  models
    .command('download <model-id>')
    .description("download a model's files from its manifest URLs (resumes, checks sha256)")
    .option('--json', 'print JSON')
    .action((id: string, opts) =>
      withCore(async (core) => {
        const stop = progressBar(core, 'Downloading', !opts.json);
        const { model } = await core.call('aiDownloadModel', { model_id: id }).finally(stop);
        print(Boolean(opts.json), model, () => `Downloaded and verified "${model.id}" into ${model.dir}.`);
      }),
    );
}
