import { AppError } from '../../../src-shared/contract/errors';
import type { SyncAccount } from '../../../src-shared/contract/sync';
import type { ServerProjectV1 } from '../../../src-shared/sync/wire';
import type { Store } from '../store';
import { prepareOutbox } from '../store/context';
import { SyncError } from './delegate';
import type { ServerClient } from './http';
import type { LinkRepository, LinkRow } from './links';
import type { SyncDb } from './sync-db';

const ROW_TABLES = ['images', 'annotations', 'tasks', 'comments'] as const;

/**
 * Attaching a local project to a server project, in any of three ways: both exist (the server's
 * project settings win; local rows are pushed, server rows pulled), only the server project (a
 * local copy with the same id is made), or only the local one (it is created on the server; admins).
 */
export function createLinking(deps: { sdb: SyncDb; store: Store; links: LinkRepository; requireClient(): ServerClient; signedIn(): SyncAccount | null }) {
  const { sdb, store, links } = deps;
  const db = sdb.db;
  const outbox = prepareOutbox(db);
  const unsynced = Object.fromEntries(ROW_TABLES.map((t) => [t, db.prepare(`SELECT id FROM ${t} WHERE project_id = ? AND server_rev IS NULL AND deleted_at IS NULL ORDER BY created_at, id`).pluck()]));
  const forget = [
    db.prepare('DELETE FROM sync_mutations WHERE project_id = ?'),
    db.prepare('DELETE FROM sync_base WHERE project_id = ?'),
    db.prepare('DELETE FROM sync_parked WHERE project_id = ?'),
    ...ROW_TABLES.map((t) => db.prepare(`UPDATE ${t} SET server_rev = NULL WHERE project_id = ?`)),
    db.prepare('UPDATE projects SET server_rev = NULL WHERE id = ?'),
  ];
  const setProjectRev = db.prepare('UPDATE projects SET server_rev = ? WHERE id = ?');

  const fail = (error: unknown, what: string): never => {
    if (error instanceof SyncError && error.kind === 'not_found') throw new AppError('NOT_FOUND', `No server project ${what}: list them with \`labeler link --list\` (or syncServerProjects).`);
    if (error instanceof SyncError && error.kind === 'forbidden') throw new AppError('FORBIDDEN', 'Only admins can create projects on the server: ask one to create it, then link with --server-project ID.');
    throw error;
  };

  return {
    async link(input: { project_id?: string; server_project_id?: string }): Promise<LinkRow> {
      const client = deps.requireClient();
      const account = deps.signedIn()!;
      if (input.project_id && links.get(input.project_id)) throw new AppError('CONFLICT', `Project ${input.project_id} is already linked to server project ${links.get(input.project_id)!.server_project_id}; unlink it first.`);
      if (input.server_project_id) {
        const taken = links.byServer(account.server_url, input.server_project_id);
        if (taken) throw new AppError('CONFLICT', `Server project ${input.server_project_id} is already linked to local project ${taken.project_id}.`);
      }
      let localId = input.project_id;
      let server: ServerProjectV1;
      if (input.server_project_id) {
        server = await client.getProject(input.server_project_id).catch((e) => fail(e, input.server_project_id!));
        if (localId) store.projects.get(localId);
        else {
          localId = server.id;
          const id = localId;
          sdb.applying(() => sdb.adapters.projects.write(sdb.adapters.projects.fromServer(server, id), server.rev));
        }
      } else {
        const p = store.projects.get(localId!);
        server = await client
          .createProject({ name: p.name, description: p.description, task_types: p.task_types, task_config: p.task_config, classes: p.classes, attributes: p.attributes, workflow_type: p.workflow_type, status: p.status })
          .catch((e) => fail(e, ''));
        sdb.applying(() => setProjectRev.run(server.rev, localId));
      }
      const projectId = localId!;
      const now = sdb.now();
      db.transaction(() => {
        links.insert(projectId, account.server_url, server.id, now);
        // Local rows the server has never seen go out as creates (folded with any outbox entries they already have).
        for (const table of ROW_TABLES) {
          const ids = unsynced[table].all(projectId) as string[];
          if (ids.length) outbox(projectId, table, 'create', ids, now);
        }
      })();
      return links.get(projectId)!;
    },

    /** Detaches the project: its queue, bases and parked changes go; its rows stay, as local rows. */
    unlink(projectId: string): void {
      sdb.applying(() => {
        for (const statement of forget) statement.run(projectId);
        links.remove(projectId);
      });
    },
  };
}
