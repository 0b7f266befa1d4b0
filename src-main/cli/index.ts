import { AppError } from '../../src-shared/contract/errors';
import { createCli } from './cli';
import { registerServeCommand } from './commands/serve';
import { registerServerCommand } from './commands/server';
import { registerWorkspaceCommands } from './commands/workspace';
import { registerIoCommands } from './commands/io';
import { registerQaCommands } from './commands/qa';
import { registerAiCommands } from './commands/ai';
import { registerSyncCommands } from './commands/sync';

/**
 * `labeler`: the same core as the app, from a terminal. Long work shows a progress bar on a TTY;
 * `--json` prints machine-readable output. Errors print their code and what to do, exit code 1.
 */
export async function runCli(argv: string[]): Promise<void> {
  const cli = createCli();
  registerWorkspaceCommands(cli);
  registerIoCommands(cli);
  registerQaCommands(cli);
  registerServeCommand(cli);
  registerServerCommand(cli);
  registerAiCommands(cli);
  registerSyncCommands(cli);
  try {
    await cli.program.parseAsync(argv);
  } catch (error) {
    const e = error instanceof AppError ? error : new AppError('INTERNAL_ERROR', (error as Error).message);
    process.stderr.write(`error [${e.code}]: ${e.message}\n`);
    for (const d of e.details ?? []) process.stderr.write(`  ${d.field ? `${d.field}: ` : ''}${d.message}\n`);
    process.exitCode = 1;
  }
}

void runCli(process.argv);
