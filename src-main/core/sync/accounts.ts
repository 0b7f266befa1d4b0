import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SyncAccount } from '../../../src-shared/contract/sync';
import type { Db } from '../store/db';
import type { CredentialVault, Credentials } from './http';

/**
 * Where secrets (tokens, API secrets) live. Electron's shell passes one backed by `safeStorage`
 * (the OS keychain); everywhere else a file readable only by its owner (mode 0600).
 */
export interface SecretStore {
  /** Says where secrets go, for messages ("the OS keychain", a file path). */
  readonly description: string;
  read(name: string): Promise<string | null>;
  write(name: string, value: string): Promise<void>;
  remove(name: string): Promise<void>;
}

async function writePrivate(file: string, data: string | Buffer): Promise<void> {
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.promises.writeFile(temp, data, { mode: 0o600 });
  await fs.promises.chmod(temp, 0o600);
  await fs.promises.rename(temp, file);
}

/**
 * Secrets in one JSON file, optionally sealed by `seal`/`open` (Electron's safeStorage). The file
 * is written atomically with mode 0600, so a crash never leaves half a token behind.
 */
export function fileSecretStore(file: string, cipher?: { seal(text: string): Buffer; open(sealed: Buffer): string; description: string }): SecretStore {
  const readAll = async (): Promise<Record<string, string>> => {
    let raw: Buffer;
    try {
      raw = await fs.promises.readFile(file);
    } catch {
      return {};
    }
    try {
      return JSON.parse(cipher ? cipher.open(raw) : raw.toString('utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  };
  let chain: Promise<unknown> = Promise.resolve();
  // Read once, then kept in memory (every request signs with these; the file only changes through `update`).
  let cache: Record<string, string> | null = null;
  const update = (change: (all: Record<string, string>) => void) => {
    const next = chain.then(async () => {
      const all = await readAll();
      change(all);
      const text = JSON.stringify(all);
      await writePrivate(file, cipher ? cipher.seal(text) : text);
      cache = all;
    });
    chain = next.catch(() => {
      cache = null;
    });
    return next;
  };
  return {
    description: cipher ? cipher.description : `${file} (readable only by you)`,
    async read(name) {
      await chain;
      cache ??= await readAll();
      return cache[name] ?? null;
    },
    write: (name, value) => update((all) => void (all[name] = value)),
    remove: (name) => update((all) => void delete all[name]),
  };
}

interface AccountRow {
  server_url: string;
  auth_method: 'password' | 'api_key';
  user_id: number | null;
  email: string | null;
  full_name: string | null;
  role: string | null;
  team_id: number | null;
  client_id: string;
  needs_sign_in: number;
  signed_in_at: string;
}

const SECRET = 'labeler-sync-credentials';

/** The workstation's one server account: who it is in `sync_account`, its secrets in the secret store. */
export function accountRepository(db: Db, secrets: SecretStore) {
  const statements = {
    get: db.prepare('SELECT * FROM sync_account WHERE id = 1'),
    put: db.prepare(`INSERT INTO sync_account (id, server_url, auth_method, user_id, email, full_name, role, team_id, client_id, needs_sign_in, signed_in_at)
      VALUES (1, @server_url, @auth_method, @user_id, @email, @full_name, @role, @team_id, @client_id, 0, @signed_in_at)
      ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, auth_method = excluded.auth_method, user_id = excluded.user_id, email = excluded.email,
        full_name = excluded.full_name, role = excluded.role, team_id = excluded.team_id, client_id = excluded.client_id, needs_sign_in = 0, signed_in_at = excluded.signed_in_at`),
    needsSignIn: db.prepare('UPDATE sync_account SET needs_sign_in = ? WHERE id = 1'),
    clear: db.prepare('DELETE FROM sync_account WHERE id = 1'),
    meta: db.prepare('SELECT value FROM sync_meta WHERE key = ?').pluck(),
    setMeta: db.prepare('INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  const row = () => statements.get.get() as AccountRow | undefined;

  return {
    secrets,
    get(): SyncAccount | null {
      const r = row();
      if (!r) return null;
      return { server_url: r.server_url, auth_method: r.auth_method, user_id: r.user_id, email: r.email, full_name: r.full_name, role: r.role, client_id: r.client_id, needs_sign_in: r.needs_sign_in === 1 };
    },
    /**
     * Saves who signed in. The client id stays the same for the same server and user, across
     * sign-outs (the server remembers applied seqs per client id, so a change sent before signing
     * out and resent after is still recognised); another server or user gets its own.
     */
    async save(account: Omit<AccountRow, 'client_id' | 'needs_sign_in' | 'signed_in_at'>, credentials: Credentials): Promise<SyncAccount> {
      const key = `client_id ${account.server_url} ${account.user_id ?? account.email ?? ''}`;
      const clientId = (statements.meta.get(key) as string | undefined) ?? `ws-${randomUUID()}`;
      statements.setMeta.run(key, clientId);
      await secrets.write(SECRET, JSON.stringify(credentials));
      statements.put.run({ ...account, client_id: clientId, signed_in_at: new Date().toISOString() });
      return this.get()!;
    },
    setNeedsSignIn(value: boolean): void {
      statements.needsSignIn.run(value ? 1 : 0);
    },
    async clear(): Promise<void> {
      await secrets.remove(SECRET);
      statements.clear.run();
    },
    /** The credential vault the HTTP client reads and rotates. */
    vault(): CredentialVault {
      return {
        async load() {
          const text = await secrets.read(SECRET);
          return text ? (JSON.parse(text) as Credentials) : null;
        },
        save: (credentials) => secrets.write(SECRET, JSON.stringify(credentials)),
      };
    },
  };
}

export type AccountRepository = ReturnType<typeof accountRepository>;
