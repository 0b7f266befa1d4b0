import { test as base, expect } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../fixtures/images';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const LABELER = path.join(ROOT, 'bin/labeler.js');

export interface Served {
  /** The URL with the token, as `labeler serve` printed it. */
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * Starts `labeler serve` on a free port with a random token over `given` (else a fresh temp
 * folder, removed on stop) and resolves once it prints the URL to open.
 */
export async function startServe(given?: string): Promise<Served> {
  const dataDir = given ?? tempDir('labeler-e2e-');
  if (!fs.existsSync(path.join(ROOT, 'out/renderer/index.html'))) throw new Error('The app is not built: run `npm run build` first.');
  const token = randomBytes(16).toString('hex');
  const child = spawn(process.execPath, [LABELER, '--data', dataDir, 'serve', '--port', '0', '--token', token], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`labeler serve printed no URL within 20 s:\n${output}`)), 20_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/Open (http:\/\/\S+)/);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`labeler serve exited with ${code} before it was ready:\n${output}`));
    });
  });
  return {
    url,
    dataDir,
    stop: async () => {
      await stopProcess(child);
      if (!given) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** Runs the CLI synchronously (setting up data before the server starts) and returns stdout. */
export function labelerCli(dataDir: string, ...args: string[]): string {
  return execFileSync(process.execPath, [LABELER, '--data', dataDir, ...args], { cwd: ROOT, encoding: 'utf8' });
}

/**
 * `test` with a `served` fixture (a server over a fresh data folder, killed afterwards) and a
 * check that the page logged no uncaught error. Failed media loads are left out: tests provoke them.
 */
export const test = base.extend<{ served: Served; pageErrors: string[] }>({
  served: async ({}, use) => {
    const served = await startServe();
    await use(served);
    await served.stop();
  },
  pageErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => {
        if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) errors.push(m.text());
      });
      await use(errors);
      expect(errors).toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
