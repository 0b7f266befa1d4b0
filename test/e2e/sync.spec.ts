import type { Locator, Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir, writeImage } from '../fixtures/images';
import { rpc } from './in-page';
import { expect, labelerCli, ROOT, startServe, test, type Served } from './serve';
import { shot } from './steps';

/*
 * The sync UI in a real browser: a workstation in serve mode syncing with a real `labeler server
 * start` process on loopback (SQLite in a temp folder). Serve mode syncs in the background after
 * every local edit, so steps that need a change to meet the server at a chosen moment turn the
 * project's sync off (the checkbox) while they set it up, as a person would to hold changes back.
 */

const LABELER = path.join(ROOT, 'bin/labeler.js');
const EMAIL = 'ann@sync.test';
const PASSWORD = 'right password 1';

interface Ann {
  id: string;
  class_id: number | null;
  caption: string | null;
}
interface LabelerServer {
  url: string;
  /** A REST call as the admin (one login, kept across restarts: the signing key lives in the database). */
  rest<T = unknown>(method: string, route: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
  /** Starts the server again on the same port and database. */
  restart(): Promise<void>;
}

/** `labeler server start` in its own process; resolves with its base URL once it listens. */
async function spawnServer(db: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [LABELER, 'server', 'start', '--db', db, '--port', String(port), '--no-sam', '--rate-limit', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`labeler server printed no address within 20 s:\n${output}`));
    }, 20_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Listening on (http:\/\/[^/\s]+)\/api\/v1/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`labeler server exited with ${code} before it listened:\n${output}`));
    });
  });
  return { child, url };
}

async function stopProcess(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A server database with one admin, and the server on a free port. */
async function startLabelerServer(dir: string): Promise<LabelerServer> {
  const db = path.join(dir, 'server.db');
  execFileSync(process.execPath, [LABELER, 'server', 'add-user', '--db', db, '--email', EMAIL, '--password', PASSWORD, '--role', 'admin', '--team', 'e2e', '--name', 'Ann Admin'], { cwd: ROOT });
  let { child, url } = await spawnServer(db, 0);
  let token = '';
  const rest = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    if (!token) {
      const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
      token = ((await res.json()) as { access_token: string }).access_token;
    }
    const res = await fetch(`${url}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route} → ${res.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
  return {
    get url() {
      return url;
    },
    rest,
    stop: () => stopProcess(child),
    async restart() {
      await stopProcess(child);
      ({ child, url } = await spawnServer(db, Number(new URL(url).port)));
    },
  };
}

interface World {
  server: LabelerServer;
  served: Served;
  projectId: string;
  imageIds: string[];
}

/**
 * A workstation (serve mode) whose data holds a project made with the CLI (two images; classes
 * car, person, bike), and a Labeler server with one admin. Both processes end after the test,
 * whether it passed or not.
 */
const it = test.extend<{ world: World }>({
  world: async ({}, use) => {
    const root = tempDir('labeler-e2e-sync-');
    const data = path.join(root, 'workstation');
    const images = path.join(root, 'images');
    fs.mkdirSync(data);
    fs.mkdirSync(images);
    await writeImage(path.join(images, 'crossing.png'), 320, 240);
    await writeImage(path.join(images, 'parking.png'), 300, 200);
    const projectId = labelerCli(data, 'project', 'create', '--name', 'Street scenes', '--classes', 'car,person,bike').trim();
    labelerCli(data, 'import', images, '--project', projectId);
    const imageIds = (JSON.parse(labelerCli(data, 'images', '--project', projectId, '--json')) as { id: string }[]).map((i) => i.id);
    let server: LabelerServer | null = null;
    let served: Served | null = null;
    try {
      server = await startLabelerServer(root);
      served = await startServe(data);
      await use({ server, served, projectId, imageIds });
    } finally {
      await served?.stop();
      await server?.stop();
      fs.rmSync(root, { recursive: true, force: true });
    }
  },
});

/** Turns background and manual sync of the project off or on with the panel's checkbox. */
async function setSyncEnabled(panel: Locator, on: boolean): Promise<void> {
  const box = panel.getByRole('checkbox', { name: 'sync Street scenes' });
  await expect(box).toBeChecked({ checked: !on });
  // A click, not check(): the box follows the saved setting, so it flips once core has answered.
  await box.click();
  await expect(box).toBeChecked({ checked: on });
}

async function openTab(panel: Locator, tab: 'projects' | 'parked' | 'conflicts'): Promise<void> {
  await panel.getByTestId(`sync-tab-${tab}`).click();
}

/** Presses "Sync now" and waits for this run's report. */
async function syncNow(page: Page, panel: Locator): Promise<Locator> {
  await panel.getByTestId('sync-now').click();
  const report = panel.getByTestId('sync-report');
  await expect(report).toBeVisible();
  await expect(panel.getByTestId('sync-now')).toHaveText('Sync now');
  return report;
}

it('signs in, links a project, pushes, shows conflicts and parked changes, and survives the server going away', async ({ page, world }) => {
  const { server, served, projectId, imageIds } = world;
  const pill = page.getByTestId('sync-indicator');
  const panel = page.getByTestId('sync-panel');
  const pendingCell = panel.getByTestId('sync-links').locator('td.num');

  // 1. Signed out; a wrong password says so and keeps the form; the right one signs in.
  await page.goto(served.url);
  await expect(pill).toHaveText('Sign in to sync');
  await pill.click();
  await expect(panel).toBeVisible();
  await panel.getByTestId('sync-server').fill(server.url);
  await panel.getByTestId('sync-email').fill(EMAIL);
  await panel.getByTestId('sync-password').fill('wrong password');
  await panel.getByTestId('sync-sign-in-submit').click();
  const refusal = panel.getByRole('alert');
  await expect(refusal).toContainText('UNAUTHORIZED');
  await expect(refusal).toContainText(/password/i);
  await expect(panel.getByTestId('sync-sign-in-submit')).toBeEnabled();
  await shot(page, 'sync-1-wrong-password');

  await panel.getByTestId('sync-password').fill(PASSWORD);
  await panel.getByTestId('sync-sign-in-submit').click();
  await expect(panel.getByTestId('sync-now')).toBeVisible();
  await expect(panel.getByTestId('sync-sign-in')).toBeHidden();
  await expect(panel).toContainText('Ann Admin (admin)');
  await expect(pill).toHaveText('No project linked');
  await shot(page, 'sync-2-signed-in');

  // 2. Link the local project to a new server project, annotate, sync; the server has them.
  const linkForm = panel.getByTestId('sync-link-form');
  await linkForm.getByLabel('local project').selectOption({ label: 'Street scenes' });
  await expect(linkForm.getByLabel('server project')).toHaveValue('');
  await linkForm.getByRole('button', { name: 'Link' }).click();
  await expect(panel.getByTestId('sync-links')).toContainText('Street scenes');
  await expect(linkForm.getByLabel('local project')).toHaveValue('');
  await expect(linkForm.getByRole('button', { name: 'Link' })).toBeDisabled();
  const created = await rpc<{ annotation_ids: string[] }>(page, 'createAnnotations', {
    annotations: [
      { image_id: imageIds[0], annotation_type: 'bbox', class_id: 0, geometry: { type: 'bbox', bbox: [20, 30, 80, 60] }, caption: 'red car' },
      { image_id: imageIds[1], annotation_type: 'bbox', class_id: 1, geometry: { type: 'bbox', bbox: [100, 40, 40, 120] } },
    ],
  });
  // Background sync may already have sent them; the report counts what this run did.
  await expect(await syncNow(page, panel)).toHaveText(/^Pushed \d+, pulled \d+, 0 conflicts, 0 parked, 0 pending\.$/);
  await expect(pendingCell).toHaveText('0');
  await expect(pill).toHaveText('Synced just now');
  await expect(pill).toHaveAttribute('data-tone', 'ok');
  await shot(page, 'sync-3-pushed');

  const status = await rpc<{ links: { project_id: string; server_project_id: string }[] }>(page, 'syncStatus', {});
  const serverProjectId = status.links.find((l) => l.project_id === projectId)!.server_project_id;
  const onServer = await server.rest<{ items: { id: string; class_id: number; caption: string | null }[] }>('GET', `/projects/${serverProjectId}/annotations?page_size=100`);
  expect(onServer.items.map((a) => a.id).sort()).toEqual([...created.annotation_ids].sort());
  expect(onServer.items.find((a) => a.id === created.annotation_ids[0])).toMatchObject({ class_id: 0, caption: 'red car' });

  // 3. The same caption changed on the server and here: the server's (earlier) version wins, ours is restorable.
  const [carId] = created.annotation_ids;
  await setSyncEnabled(panel, false);
  await rpc(page, 'updateAnnotation', { annotation_id: carId, patch: { caption: 'our caption' } });
  await expect(pendingCell).toHaveText('1');
  await server.rest('PATCH', `/projects/${serverProjectId}/annotations/${carId}`, { caption: 'their caption' });
  await setSyncEnabled(panel, true);
  await expect(await syncNow(page, panel)).toContainText('0 pending');
  await expect(pill.locator('.badge')).toHaveText('1 conflict');
  await expect(panel.getByTestId('sync-tab-conflicts')).toContainText('1');
  await openTab(panel, 'conflicts');
  const conflict = panel.getByTestId('sync-conflicts').locator('li');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText('annotation · attributes');
  await expect(conflict).toContainText('Server version kept: caption: "their caption"');
  await expect(conflict).toContainText('Yours (lost): caption: "our caption"');
  await shot(page, 'sync-4-conflict');
  expect((await rpc<Ann[]>(page, 'listAnnotations', { image_id: imageIds[0] }))[0].caption).toBe('their caption');

  await conflict.getByRole('button', { name: 'Restore' }).click();
  await expect(panel.getByText('No conflicts.')).toBeVisible();
  await expect(pill.locator('.badge')).toHaveCount(0);
  expect((await rpc<Ann[]>(page, 'listAnnotations', { image_id: imageIds[0] }))[0].caption).toBe('our caption');
  await expect(await syncNow(page, panel)).toContainText('0 conflicts, 0 parked, 0 pending');
  expect((await server.rest<{ caption: string }[]>('GET', `/projects/${serverProjectId}/images/${imageIds[0]}/annotations`))[0].caption).toBe('our caption');

  // 4. A change the server refuses (its project no longer has the class) is parked with the reason; the queue drains.
  await openTab(panel, 'projects');
  await setSyncEnabled(panel, false);
  const project = await server.rest<{ classes: { id: number; name: string }[] }>('GET', `/projects/${serverProjectId}`);
  await server.rest('PATCH', `/projects/${serverProjectId}`, { classes: project.classes.filter((c) => c.name !== 'bike') });
  const bike = await rpc<Ann>(page, 'createAnnotation', { image_id: imageIds[1], annotation_type: 'bbox', class_id: 2, geometry: { type: 'bbox', bbox: [10, 10, 50, 50] } });
  await setSyncEnabled(panel, true);
  await expect(await syncNow(page, panel)).toContainText('0 pending');
  await expect(pill.locator('.badge')).toHaveText('1 parked');
  await openTab(panel, 'parked');
  const parked = panel.getByTestId('sync-parked').locator('li');
  await expect(parked).toHaveCount(1);
  await expect(parked).toContainText('create annotation');
  await expect(parked).toContainText(bike.id);
  await expect(parked).toContainText('VALIDATION_ERROR');
  await expect(parked).toContainText('class 2 is not a class of this project');
  await shot(page, 'sync-5-parked');
  await parked.getByRole('button', { name: 'Discard' }).click();
  await expect(panel.getByText('Nothing parked')).toBeVisible();
  await expect(pill.locator('.badge')).toHaveCount(0);
  // Discarding gives the row the server's version: it never reached the server, so it goes.
  await expect.poll(async () => (await rpc<Ann[]>(page, 'listAnnotations', { image_id: imageIds[1] })).map((a) => a.id)).toEqual([created.annotation_ids[1]]);

  // 5. The server goes away: the edit waits, the pill says offline, and it goes out once the server is back.
  await openTab(panel, 'projects');
  await server.stop();
  await rpc(page, 'updateAnnotation', { annotation_id: created.annotation_ids[1], patch: { caption: 'written offline' } });
  await expect(pill).toHaveText('Offline · 1 pending');
  await expect(pill).toHaveAttribute('data-tone', 'warn');
  await expect(panel.getByText(/^Cannot reach http:\/\/127\.0\.0\.1:\d+\/api\/v1 \(ECONNREFUSED\)\. Changes stay queued/).first()).toBeVisible();
  await expect(pendingCell).toHaveText('1');
  await panel.getByTestId('sync-now').click();
  await expect(panel.getByTestId('sync-now')).toHaveText('Syncing…');
  await expect(panel.getByTestId('sync-report')).toBeHidden();
  await shot(page, 'sync-6-offline');

  await server.restart();
  await expect(panel.getByTestId('sync-report')).toContainText('0 pending', { timeout: 30_000 });
  await expect(pendingCell).toHaveText('0');
  await expect(pill).toHaveText('Synced just now');
  expect((await server.rest<{ caption: string }[]>('GET', `/projects/${serverProjectId}/images/${imageIds[1]}/annotations`)).map((a) => a.caption)).toEqual(['written offline']);
  await shot(page, 'sync-7-back-online');
});
