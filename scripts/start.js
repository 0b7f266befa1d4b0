#!/usr/bin/env node
// `npm start`: the Electron app when its binary is present; otherwise serve mode in this terminal,
// so the main command always does something useful (the Electron download needs the internet).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const args = process.argv.slice(2);

const electronDir = dirname(require.resolve('electron/package.json'));

/** The Electron executable, trying its one-time download (quietly) when it is missing. */
function electronBinary() {
  const binary = () => {
    const pathFile = join(electronDir, 'path.txt');
    const file = existsSync(pathFile) && join(process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(electronDir, 'dist'), readFileSync(pathFile, 'utf8'));
    return file && existsSync(file) ? file : null;
  };
  if (binary()) return { binary: binary() };
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { encoding: 'utf8', timeout: 120_000 });
  const reason = `${download.stderr ?? ''}${download.stdout ?? ''}`.split('\n').find((line) => /error|failed/i.test(line)) ?? 'download failed';
  return binary() ? { binary: binary() } : { binary: null, reason: reason.trim() };
}

const run = (command, commandArgs) => {
  const child = spawn(command, commandArgs, { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
};

const electron = electronBinary();
if (electron.binary) {
  run('npx', ['electron-vite', 'preview', ...args]);
} else {
  process.stderr.write(
    `The Electron binary could not be obtained (${electron.reason}); it is downloaded from the internet on first start.\n` +
      'Starting serve mode instead: the same app in your browser. For the desktop app, run `npx install-electron` once on a machine with network access.\n\n',
  );
  const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (build.status !== 0) process.exit(build.status ?? 1);
  run(process.execPath, ['bin/labeler.js', ...args, 'serve']);
}
