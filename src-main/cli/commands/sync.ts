import { AppError } from '../../../src-shared/contract/errors';
import type { SyncReport } from '../../../src-shared/contract/sync';
import type { Core } from '../../core/app';
import type { Cli } from '../cli';

const projectId = (core: Core, idOrName: string) => core.store.projects.resolve(idOrName).id;

const reportLine = (r: SyncReport) => `pushed ${r.pushed}, pulled ${r.pulled}, conflicts ${r.conflicts}, parked ${r.parked}, pending ${r.pending}`;

/**
 * Sync with a Labeler server: `login`, `logout`, `link`/`unlink`, `sync`, and the lists that need a
 * person (`conflicts`, `parked`), plus server exports and image downloads.
 */
export function registerSyncCommands({ program, withCore, print }: Cli): void {
  program
    .command('login')
    .description('sign in to a Labeler server (email and password, or an API key and secret)')
    .requiredOption('--server <url>', 'the server, e.g. http://127.0.0.1:8001')
    .option('--email <email>', 'account email')
    .option('--password <password>', 'password (or set LABELER_PASSWORD)')
    .option('--api-key <key>', 'API key (instead of email and password)')
    .option('--api-secret <secret>', 'API secret (or set LABELER_API_SECRET)')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const password = opts.password ?? process.env.LABELER_PASSWORD;
        const secret = opts.apiSecret ?? process.env.LABELER_API_SECRET;
        let input;
        if (opts.apiKey) {
          if (!secret) throw new AppError('VALIDATION_ERROR', 'Give --api-secret (or LABELER_API_SECRET) with --api-key.');
          input = { server_url: opts.server, api_key: opts.apiKey, api_secret: secret };
        } else {
          if (!opts.email || !password) throw new AppError('VALIDATION_ERROR', 'Give --email and --password (or LABELER_PASSWORD), or --api-key and --api-secret.');
          input = { server_url: opts.server, email: opts.email, password };
        }
        const account = await core.call('syncSignIn', input);
        print(Boolean(opts.json), account, () => `Signed in to ${account.server_url} as ${account.email ?? account.user_id} (${account.role}).`);
      }),
    );

  program
    .command('logout')
    .description('sign out (unsent changes stay queued for the next sign-in)')
    .action(() =>
      withCore(async (core) => {
        await core.call('syncSignOut', {});
        process.stdout.write('Signed out.\n');
      }),
    );

  program
    .command('link')
    .description('attach a local project to a server project (or create the missing one), or --list server projects')
    .option('--project <id-or-name>', 'local project (omit to make a local copy of the server project)')
    .option('--server-project <id>', 'server project (omit to create it on the server from the local project; admins)')
    .option('--list', 'list the server projects you can link')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        if (opts.list) {
          const projects = await core.call('syncServerProjects', {});
          print(Boolean(opts.json), projects, () => projects.map((p) => `${p.id}  ${p.name}${p.linked_project_id ? `  (linked to ${p.linked_project_id})` : ''}`).join('\n') || 'No projects on the server.');
          return;
        }
        if (!opts.project && !opts.serverProject) throw new AppError('VALIDATION_ERROR', 'Give --project, --server-project, or both (or --list).');
        const link = await core.call('syncLink', { project_id: opts.project ? projectId(core, opts.project) : undefined, server_project_id: opts.serverProject });
        print(Boolean(opts.json), link, () => `Linked ${link.project_name} (${link.project_id}) to server project ${link.server_project_id}. Run \`labeler sync\` to sync it now.`);
      }),
    );

  program
    .command('unlink')
    .description('detach a project from its server project (local data stays; unsent changes are dropped)')
    .requiredOption('--project <id-or-name>', 'local project')
    .action((opts) =>
      withCore(async (core) => {
        await core.call('syncUnlink', { project_id: projectId(core, opts.project) });
        process.stdout.write('Unlinked.\n');
      }),
    );

  program
    .command('sync')
    .description('push queued changes and pull the server\'s, now; prints { pushed, pulled, conflicts, parked, pending }')
    .option('--project <id-or-name>', 'only this project (default: every linked project with sync on)')
    .option('--status', 'only show the sync status')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        if (opts.status) {
          const status = await core.call('syncStatus', {});
          print(Boolean(opts.json), status, () =>
            [
              status.account ? `${status.account.server_url} as ${status.account.email ?? status.account.user_id}${status.account.needs_sign_in ? ' (sign in again)' : ''}` : 'Not signed in.',
              `${status.pending} pending, ${status.parked} parked, ${status.conflicts} conflicts`,
              ...status.links.map((l) => `  ${l.project_name} → ${l.server_project_id}: ${l.enabled ? 'on' : 'off'}, ${l.pending} pending${l.last_error ? `, error: ${l.last_error}` : ''}`),
            ].join('\n'),
          );
          return;
        }
        try {
          const report = await core.call('syncNow', { project_id: opts.project ? projectId(core, opts.project) : undefined });
          print(Boolean(opts.json), report, () => reportLine(report));
        } catch (error) {
          const report = (error as { report?: SyncReport }).report;
          if (report) print(Boolean(opts.json), { ...report, error: (error as Error).message }, () => reportLine(report));
          throw error;
        }
      }),
    );

  program
    .command('conflicts')
    .description('list conflicts (the losing versions), or restore / dismiss one')
    .option('--project <id-or-name>', 'only this project')
    .option('--all', 'include resolved ones')
    .option('--restore <id>', 'apply the losing version again (as a new local change)')
    .option('--dismiss <id>', 'keep the winner and mark the conflict seen')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        if (opts.restore || opts.dismiss) {
          const c = opts.restore ? await core.call('syncRestoreConflict', { conflict_id: opts.restore }) : await core.call('syncDismissConflict', { conflict_id: opts.dismiss });
          print(Boolean(opts.json), c, () => `${c.resolution}: ${c.entity} ${c.row_id}`);
          return;
        }
        const list = await core.call('syncConflicts', { project_id: opts.project ? projectId(core, opts.project) : undefined, include_resolved: Boolean(opts.all) });
        print(Boolean(opts.json), list, () => list.map((c) => `${c.id}  ${c.entity} ${c.row_id}  ${c.groups.join(', ')}: ${c.winner} version won${c.resolution ? ` (${c.resolution})` : ''}`).join('\n') || 'No conflicts.');
      }),
    );

  program
    .command('parked')
    .description('list changes the server refused, or retry / discard one')
    .option('--project <id-or-name>', 'only this project')
    .option('--retry <seq>', 'queue the change again (after fixing its cause)')
    .option('--discard <seq>', 'drop the change and take the server\'s version')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        if (opts.retry) return void (await core.call('syncRetryParked', { seq: Number(opts.retry) }), process.stdout.write('Queued again.\n'));
        if (opts.discard) return void (await core.call('syncDiscardParked', { seq: Number(opts.discard) }), process.stdout.write('Discarded.\n'));
        const list = await core.call('syncParked', { project_id: opts.project ? projectId(core, opts.project) : undefined });
        print(Boolean(opts.json), list, () => list.map((p) => `${p.seq}  ${p.op} ${p.entity} ${p.row_id}: [${p.code}] ${p.reason}`).join('\n') || 'Nothing parked.');
      }),
    );

  program
    .command('fetch-export')
    .description('fetch an export made on the server (a new one, or --export-id) into a file')
    .requiredOption('--project <id-or-name>', 'linked local project')
    .requiredOption('--out <file>', 'where to write it')
    .option('--format <format>', 'coco | yolo | pascal_voc | custom', 'coco')
    .option('--export-id <id>', 'an export already made on the server')
    .option('--include-images', 'include the image files')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const result = await core.call('syncFetchExport', { project_id: projectId(core, opts.project), out_path: opts.out, format: opts.format, export_id: opts.exportId, include_images: Boolean(opts.includeImages) });
        print(Boolean(opts.json), result, () => `Wrote export ${result.export_id} to ${result.path} (${result.size_bytes} bytes).`);
      }),
    );

  program
    .command('download-images')
    .description('download the files of a linked project\'s server images, to annotate offline')
    .requiredOption('--project <id-or-name>', 'linked local project')
    .option('--json', 'print JSON')
    .action((opts) =>
      withCore(async (core) => {
        const result = await core.call('syncDownloadImages', { project_id: projectId(core, opts.project) });
        print(Boolean(opts.json), result, () => `${result.downloaded} downloaded, ${result.present} already here, ${result.failed.length} failed${result.failed.map((f) => `\n  ${f.image_id}: ${f.reason}`).join('')}`);
      }),
    );
}
