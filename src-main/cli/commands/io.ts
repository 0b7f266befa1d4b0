import { Presets, SingleBar } from 'cli-progress';
import { AppError } from '../../../src-shared/contract/errors';
import { IMPORT_FORMATS, type DatasetImportReport, type ExportReport, type Snapshot } from '../../../src-shared/contract/io';
import { YOLO_TASKS } from '../../../src-shared/formats/capabilities';
import { DATASET_FORMATS, type FormatWarning } from '../../../src-shared/formats/model';
import { parseSplitRatios } from '../../../src-shared/formats/split';
import type { Core } from '../../core/app';
import type { Cli } from '../cli';

/** import (datasets and image folders), export, snapshot create|list|restore. */

/** A progress bar on a TTY for the job's progress events; returns the function that stops it. */
function progressBar(core: Core, json: boolean, label: string, kinds: string[]): () => void {
  const bar = process.stderr.isTTY && !json ? new SingleBar({ format: `${label} [{bar}] {value}/{total} {message}`, hideCursor: true }, Presets.shades_classic) : null;
  let started = false;
  const stop = core.bus.listen((event, payload) => {
    if (event !== 'progress' || !bar) return;
    const p = payload as { kind: string; done: number; total: number; message: string };
    if (!kinds.includes(p.kind)) return;
    if (!started) bar.start(Math.max(p.total, 1), p.done, { message: '' });
    started = true;
    bar.setTotal(Math.max(p.total, 1));
    bar.update(p.done, { message: p.message.slice(0, 40) });
  });
  return () => {
    stop();
    bar?.stop();
  };
}

const warningLines = (warnings: readonly FormatWarning[]) =>
  warnings.map((w) => `  warning: ${w.message} (${w.count})${w.examples.length ? `: ${w.examples.slice(0, 3).join(', ')}${w.count > 3 ? ', …' : ''}` : ''}`);

function importText(report: DatasetImportReport, project: string): string {
  const lines = [`${report.message} [${report.format} → "${project}"]`];
  const shown = report.rejected.slice(0, 50);
  for (const r of shown) lines.push(`  rejected: ${r.file} (${r.position}): ${r.reason}`);
  if (report.rejected.length > shown.length) lines.push(`  … and ${report.rejected.length - shown.length} more rejected (use --json for all)`);
  lines.push(...warningLines(report.warnings));
  return lines.join('\n');
}

/** Finds the project; a dataset import into a name that does not exist yet creates it. */
async function projectFor(core: Core, idOrName: string, create: boolean): Promise<{ id: string; name: string }> {
  try {
    return core.store.projects.resolve(idOrName);
  } catch (error) {
    if (!create || !(error instanceof AppError) || error.code !== 'NOT_FOUND') throw error;
    const created = await core.call('createProject', { name: idOrName });
    process.stderr.write(`Created project "${created.name}" (${created.id}).\n`);
    return created;
  }
}

function snapshotFor(core: Core, projectId: string, idOrTag: string): Promise<Snapshot> {
  return core.call('listSnapshots', { project_id: projectId }).then((list) => {
    const found = list.find((s) => s.snapshot_id === idOrTag || s.version_tag === idOrTag);
    if (!found) throw new AppError('NOT_FOUND', `No snapshot "${idOrTag}" in this project. Run \`labeler snapshot list --project …\` to see them.`);
    return found;
  });
}

function registerImport({ program, withCore, print }: Cli): void {
  program
    .command('import <path>')
    .description('import a dataset (COCO, YOLO, VOC, LabelMe, CVAT, Label Studio) or register the images of a folder, into a project')
    .requiredOption('--project <id-or-name>', 'target project (created when a dataset is imported into a name that does not exist)')
    .option('--format <format>', `${IMPORT_FORMATS.join('|')}`, 'auto')
    .option('--partial', 'import the valid part and report the rest (default: all or nothing)')
    .option('--dry-run', 'read and check everything, report, write nothing')
    .option('--replace', 'replace the annotations of images that already have some')
    .option('--yolo-task <task>', `YOLO label layout: ${YOLO_TASKS.join('|')} (default: from data.yaml)`)
    .option('--no-recursive', 'image folders: only the folder itself, not subfolders')
    .option('--json', 'print the report as JSON')
    .action((input: string, opts) =>
      withCore(async (core) => {
        if (!(IMPORT_FORMATS as readonly string[]).includes(opts.format)) throw new AppError('VALIDATION_ERROR', `Unknown format "${opts.format}". Use one of ${IMPORT_FORMATS.join(', ')}.`);
        let format = opts.format as (typeof IMPORT_FORMATS)[number];
        if (format === 'auto') {
          const detected = await core.call('detectDatasetFormat', { path: input });
          if (!detected.format) throw new AppError('UNSUPPORTED_FILE', `Found no dataset or images in ${detected.path}. Give --format if it is one.`);
          format = detected.format;
        }
        if (format === 'images') return importImageFolder(core, input, opts, print);
        const project = await projectFor(core, opts.project, true);
        const stop = progressBar(core, Boolean(opts.json), 'Importing', ['dataset-import']);
        let report: DatasetImportReport;
        try {
          report = await core.call('importDataset', { project_id: project.id, path: input, format, partial: Boolean(opts.partial), dry_run: Boolean(opts.dryRun), yolo_task: opts.yoloTask, on_existing: opts.replace ? 'replace' : 'add' });
        } finally {
          stop();
        }
        print(Boolean(opts.json), report, () => importText(report, project.name));
        if (report.rejected.length || (!report.committed && !report.dry_run)) process.exitCode = 2;
      }),
    );
}

/** The folder import as it always was: same output, same exit codes. */
async function importImageFolder(core: Core, folder: string, opts: { project: string; recursive: boolean; json?: boolean }, print: Cli['print']): Promise<void> {
  const target = core.store.projects.resolve(opts.project);
  const stop = progressBar(core, Boolean(opts.json), 'Importing', ['import']);
  const report = await core.call('importFolder', { project_id: target.id, path: folder, recursive: opts.recursive }).finally(stop);
  print(Boolean(opts.json), report, () => {
    const lines = [`Imported ${report.imported} of ${report.scanned} images into "${target.name}"${report.skipped_existing ? ` (${report.skipped_existing} already there)` : ''}.`];
    for (const f of report.failed) lines.push(`  failed: ${f.path}: ${f.reason} [${f.code}]`);
    return lines.join('\n');
  });
  if (report.failed.length) process.exitCode = 2;
}

function exportText(report: ExportReport): string {
  const splits = Object.entries(report.splits).map(([k, n]) => `${k} ${n}`).join(', ');
  return [
    `Exported ${report.annotations} annotations on ${report.images} images as ${report.format}${report.yolo_task ? ` (${report.yolo_task})` : ''} to ${report.out}${splits ? ` [${splits}]` : ''}: ${report.files} files, ${(report.bytes / 1024 ** 2).toFixed(1)} MB in ${(report.duration_ms / 1000).toFixed(1)} s.`,
    ...warningLines(report.warnings),
  ].join('\n');
}

function registerExport({ program, withCore, print }: Cli): void {
  program
    .command('export')
    .description('export a project (or a snapshot of it) in a dataset format, to a folder or a zip')
    .requiredOption('--project <id-or-name>', 'project to export')
    .requiredOption('--format <format>', DATASET_FORMATS.join('|'))
    .option('--out <path>', 'output folder, or .zip with --zip')
    .option('--split <ratios>', 'new train,val,test split, e.g. 0.8,0.1,0.1 (default: keep the split folders the images sit in)')
    .option('--seed <n>', 'seed for the split', '0')
    .option('--stratify', 'keep class proportions in every split')
    .option('--with-images', 'copy the images into the export')
    .option('--zip', 'write a zip instead of a folder')
    .option('--yolo-task <task>', `YOLO: ${['auto', ...YOLO_TASKS].join('|')}`, 'auto')
    .option('--snapshot <id-or-tag>', 'export a snapshot instead of the current annotations')
    .option('--force', 'replace --out if it exists')
    .option('--dry-run', 'show what the format cannot hold, write nothing')
    .option('--json', 'print the report as JSON')
    .action((opts) =>
      withCore(async (core) => {
        if (!(DATASET_FORMATS as readonly string[]).includes(opts.format)) throw new AppError('VALIDATION_ERROR', `Unknown format "${opts.format}". Use one of ${DATASET_FORMATS.join(', ')}.`);
        const project = core.store.projects.resolve(opts.project);
        let split = null;
        if (opts.split) {
          const parsed = parseSplitRatios(opts.split);
          if (!parsed.ok) throw new AppError('VALIDATION_ERROR', `--split: ${parsed.reason}.`);
          split = { train: parsed.ratios.train ?? 0, val: parsed.ratios.val ?? 0, test: parsed.ratios.test ?? 0 };
        }
        const seed = Number(opts.seed);
        if (!Number.isInteger(seed)) throw new AppError('VALIDATION_ERROR', `--seed must be an integer, got "${opts.seed}".`);
        const snapshot_id = opts.snapshot ? (await snapshotFor(core, project.id, opts.snapshot)).snapshot_id : null;
        const common = { project_id: project.id, format: opts.format, split, seed, stratify: Boolean(opts.stratify), with_images: Boolean(opts.withImages), yolo_task: opts.yoloTask, snapshot_id };
        if (opts.dryRun) {
          const preview = await core.call('previewExport', common);
          print(Boolean(opts.json), preview, () => [`Would export ${preview.annotations} annotations on ${preview.images} images as ${preview.format}${preview.yolo_task ? ` (${preview.yolo_task})` : ''}.`, ...warningLines(preview.warnings)].join('\n'));
          return;
        }
        if (!opts.out) throw new AppError('VALIDATION_ERROR', 'Give --out (a folder, or a .zip path with --zip).');
        const stop = progressBar(core, Boolean(opts.json), 'Exporting', ['dataset-export']);
        const report = await core.call('exportDataset', { ...common, out: opts.out, zip: Boolean(opts.zip), overwrite: Boolean(opts.force) }).finally(stop);
        print(Boolean(opts.json), report, () => exportText(report));
      }),
    );
}

const snapshotLine = (s: Snapshot) => `${s.snapshot_id}  ${s.version_tag}  v${s.version}  ${s.snapshot_type}  ${s.total_images} images, ${s.total_annotations} annotations  ${s.created_at}${s.description ? `  ${s.description}` : ''}`;

function registerSnapshot({ program, withCore, print }: Cli): void {
  const snapshot = program.command('snapshot').description('immutable, versioned copies of a project\'s annotations: create, list, restore (export with `labeler export --snapshot`)');
  snapshot
    .command('create')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--tag <tag>', 'version tag (default v<n>)')
    .option('--description <text>', 'what this version is', '')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const project = core.store.projects.resolve(opts.project);
        const created = await core.call('createSnapshot', { project_id: project.id, version_tag: opts.tag, description: opts.description });
        print(Boolean(opts.json), created, () => snapshotLine(created));
      }),
    );
  snapshot
    .command('list')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const project = core.store.projects.resolve(opts.project);
        const list = await core.call('listSnapshots', { project_id: project.id });
        print(Boolean(opts.json), list, () => (list.length ? list.map(snapshotLine).join('\n') : `No snapshots of "${project.name}" yet. Create one with \`labeler snapshot create --project …\`.`));
      }),
    );
  snapshot
    .command('restore <id-or-tag>')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--no-backup', 'do not snapshot the current state first')
    .option('--json', 'print JSON')
    .action((idOrTag: string, opts) =>
      withCore(async (core) => {
        const project = core.store.projects.resolve(opts.project);
        const target = await snapshotFor(core, project.id, idOrTag);
        const result = await core.call('restoreSnapshot', { snapshot_id: target.snapshot_id, backup: opts.backup });
        print(Boolean(opts.json), result, () =>
          `Restored ${target.version_tag}: ${result.restored} annotations brought back, ${result.removed} removed, ${result.images_updated} images relabelled.${result.backup ? ` The state before is kept as ${result.backup.version_tag}.` : ''}`,
        );
      }),
    );
}

export function registerIoCommands(cli: Cli): void {
  registerImport(cli);
  registerExport(cli);
  registerSnapshot(cli);
}
