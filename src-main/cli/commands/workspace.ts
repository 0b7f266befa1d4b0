import type { LabelClass } from '../../../src-shared/contract/entities';
import { PALETTE } from '../../../src-shared/palette';
import type { Cli } from '../cli';

function parseClasses(list: string | undefined): LabelClass[] {
  if (!list) return [];
  return list
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean)
    .map((name, id) => ({ id, name, color: PALETTE[id % PALETTE.length], parent_id: null }));
}

/** project create|list, stats, images (import lives in io.ts, beside export). */
export function registerWorkspaceCommands({ program, withCore, print }: Cli): void {
  const project = program.command('project').description('create and list projects');
  project
    .command('create')
    .requiredOption('--name <name>', 'project name')
    .option('--classes <a,b,c>', 'class names, comma separated')
    .option('--description <text>', 'description', '')
    .option('--json', 'print the project as JSON')
    .action((opts) =>
      withCore(async (core) => {
        const created = await core.call('createProject', { name: opts.name, description: opts.description, classes: parseClasses(opts.classes) });
        print(Boolean(opts.json), created, () => created.id);
      }),
    );
  project
    .command('list')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const projects = await core.call('listProjects', {});
        print(Boolean(opts.json), projects, () =>
          projects.length ? projects.map((p) => `${p.id}  ${p.name}  (${p.stats.images} images, ${p.stats.annotations} annotations)`).join('\n') : 'No projects yet. Create one with `labeler project create --name NAME`.',
        );
      }),
    );

  program
    .command('stats')
    .description('counts of images, annotated images and annotations, by class and by type')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const target = core.store.projects.resolve(opts.project);
        const stats = await core.call('projectStats', { project_id: target.id });
        print(Boolean(opts.json), stats, () =>
          [`${target.name}: ${stats.images} images, ${stats.annotated_images} annotated, ${stats.annotations} annotations`, ...Object.entries(stats.by_class).map(([k, n]) => `  ${k}: ${n}`)].join('\n'),
        );
      }),
    );

  program
    .command('images')
    .description('list the images of a project (id, path, size, sha256)')
    .requiredOption('--project <id-or-name>', 'project')
    .option('--annotated', 'only annotated images')
    .option('--unannotated', 'only images without annotations')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
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

}
