import { Command, Option } from 'commander';
import os from 'node:os';
import path from 'node:path';
import { createCore, type Core } from '../core/app';

export const VERSION = process.env.npm_package_version ?? '0.1.0';

export function defaultDataDir(): string {
  if (process.env.LABELER_DATA) return process.env.LABELER_DATA;
  const base = process.env.XDG_DATA_HOME ?? path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'labeler-workstation');
}

/** What every command file gets: the program, core for the chosen data directory, and output. */
export interface Cli {
  program: Command;
  dataDir(): string;
  withCore<T>(work: (core: Core) => Promise<T>, transport?: 'ipc' | 'ws'): Promise<T>;
  print(json: boolean, value: unknown, human: () => string): void;
}

export function createCli(): Cli {
  const program = new Command('labeler')
    .description('Labeler Workstation: offline-first image annotation')
    .version(VERSION)
    .addOption(new Option('--data <dir>', 'data directory (default: $LABELER_DATA or ~/.local/share/labeler-workstation)'));
  const dataDir = () => program.opts().data ?? defaultDataDir();
  return {
    program,
    dataDir,
    async withCore(work, transport = 'ipc') {
      const core = await createCore({ dataDir: dataDir(), transport, version: VERSION });
      try {
        return await work(core);
      } finally {
        core.close();
      }
    },
    print(json, value, human) {
      process.stdout.write(json ? `${JSON.stringify(value, null, 2)}\n` : `${human()}\n`);
    },
  };
}
