import { Command, Option } from 'commander';
import { SingleBar, Presets } from 'cli-progress';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../src-shared/contract/errors';
import type { LabelClass } from '../../src-shared/contract/entities';
import { createCore, type Core } from '../core/app';
import { startServer } from '../serve/server';
import { PALETTE } from '../../src-shared/palette';

/**
 * `labeler`: the same core as the app, from a terminal. Long work shows a progress bar on a TTY;
 * `--json` prints machine-readable output. Errors print their code and what to do, exit code 1.
 */
const VERSION = process.env.npm_package_version ?? '0.1.0';

export function defaultDataDir(): string {
  if (process.env.LABELER_DATA) return process.env.LABELER_DATA;
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'labeler-workstation');
}

const here = path.dirname(new URL(import.meta.url).pathname);

async function withCore<T>(program: Command, transport: 'ipc' | 'ws', work: (core: Core) => Promise<T>): Promise<T> {
  const core = await createCore({ dataDir: program.opts().data ?? defaultDataDir(), transport, version: VERSION });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}

function print(json: boolean, value: unknown, human: () => string) {
  process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
}

function parseClasses(list: string | undefined): LabelClass[] {
  if (!list) return [];
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name, id) => ({ id, name, color: PALETTE[id % PALETTE.length], parent_id: null }));
}

export function buildProgram(): Command {
  const program = new Command('labeler')
    .description('Labeler Workstation: offline-first image annotation')
    .version(VERSION)
    .addOption(new Option('--data <dir>', 'data directory (default: $LABELER_DATA or ~/.local/share/labeler-workstation)'));

  const project = program.command('project').description('create and list projects');
  project
    .command('create')
    .requiredOption('--name <name>', 'project name')
    .option('--classes <a,b,c>', 'class names, comma separated')
    .option('--description <text>', 'description', '')
    .option('--json', 'print the project as JSON')
    .action((opts) =>
      withCore(program, 'ipc', async (core) => {
        const created = await core.call('createProject', { name: opts.name, description: opts.description, classes: parseClasses(opts.classes) });
        print(Boolean(opts.json), created, () => created.id);
      }),
    );
  project
    .command('list')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(program, 'ipc', async (core) => {
        const projects = await core.call('listProjects', {});
        print(Boolean(opts.json), projects, () =>
          projects.length ? projects.map((p) => `${p.id}  ${p.name}  (${p.stats.images} images, ${p.stats.annotations} annotations)`).join('\n') : 'No projects yet. Create one with `labeler project create --name NAME`.',
        );
      }),
    );

  program
    .command('import <path>')
    .description('register every image under a folder in a project (in place)')
    .requiredOption('--project <id-or-name>', 'target project')
    .option('--no-recursive', 'only the folder itself, not subfolders')
    .option('--json', 'print the report as JSON')
    .action((folder: string, opts) =>
      withCore(program, 'ipc', async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const bar = process.stderr.isTTY && !opts.json ? new SingleBar({ format: 'Importing [{bar}] {value}/{total} {message}', hideCursor: true }, Presets.shades_classic) : null;
        let started = false;
        const stop = core.bus.listen((event, payload) => {
          if (event !== 'progress' || !bar) return;
          const p = payload as { done: number; total: number; message: string };
          if (!started) bar.start(p.total, p.done, { message: '' });
          started = true;
          bar.setTotal(p.total);
          bar.update(p.done, { message: p.message.slice(0, 40) });
        });
        const report = await core.call('importFolder', { project_id: target.id, path: folder, recursive: opts.recursive });
        stop();
        bar?.stop();
        print(Boolean(opts.json), report, () => {
          const lines = [`Imported ${report.imported} of ${report.scanned} images into "${target.name}"${report.skipped_existing ? ` (${report.skipped_existing} already there)` : ''}.`];
          for (const f of report.failed) lines.push(`  failed: ${f.path}: ${f.reason} [${f.code}]`);
          return lines.join('\n');
        });
        if (report.failed.length) process.exitCode = 2;
      }),
    );

  program
    .command('stats')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(program, 'ipc', async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const stats = await core.call('projectStats', { project_id: target.id });
        print(Boolean(opts.json), stats, () =>
          [`${target.name}: ${stats.images} images, ${stats.annotated_images} annotated, ${stats.annotations} annotations`, ...Object.entries(stats.by_class).map(([k, n]) => `  ${k}: ${n}`)].join('\n'),
        );
      }),
    );

  program
    .command('images')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--annotated', 'only annotated images')
    .option('--unannotated', 'only images without annotations')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(program, 'ipc', async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const annotated = opts.annotated ? true : opts.unannotated ? false : undefined;
        const all: Record<string, unknown>[] = [];
        for (let offset = 0; ; offset += 1000) {
          const page = await core.call('listImages', { project_id: target.id, annotated, offset, limit: 1000 });
          all.push(...page.items.map(({ id, filename, path: file, width, height, sha256, size_bytes, annotation_count }) => ({ id, filename, path: file, width, height, size_bytes, sha256, annotation_count })));
          if (offset + 1000 >= page.total) break;
        }
        print(Boolean(opts.json), all, () => all.map((i) => `${i.id}  ${i.width}x${i.height}  ${i.path}`).join('\n'));
      }),
    );

  program
    .command('serve')
    .description('run the workstation in plain Node and open it from a browser')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '7420')
    .option('--token <token>', 'fixed access token (default: a new random one per run)')
    .action(async (opts) => {
      const core = await createCore({ dataDir: program.opts().data ?? defaultDataDir(), transport: 'ws', version: VERSION });
      const server = await startServer(core, { host: opts.host, port: Number(opts.port), token: opts.token, rendererDir: path.resolve(here, '../renderer') });
      process.stdout.write(`Labeler Workstation is serving ${core.dataDir}\nOpen ${server.url}\n`);
      if (opts.host !== '127.0.0.1' && opts.host !== 'localhost') process.stderr.write('Warning: bound beyond this machine; anyone with the URL and token can reach your data.\n');
      const stop = async () => {
        await server.close();
        core.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError('INTERNAL_ERROR', (error as Error).message);
    process.stderr.write(`error [${e.code}]: ${e.message}\n`);
    for (const d of e.details ?? []) process.stderr.write(`  ${d.field ? `${d.field}: ` : ''}${d.message}\n`);
    process.exitCode = 1;
  }
}

void runCli(process.argv);
