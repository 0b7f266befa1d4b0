import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createCore } from '../../core/app';
import { startServer } from '../../serve/server';
import { VERSION, type Cli } from '../cli';

/** out/renderer, found from wherever the bundler put this code inside out/main. */
function rendererDir(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'renderer');
    if (fs.existsSync(path.join(candidate, 'index.html'))) return candidate;
  }
  return path.resolve('out/renderer');
}

/** serve: core in plain Node, the renderer and the contract for a browser. */
export function registerServeCommand({ program, dataDir }: Cli): void {
  program
    .command('serve')
    .description('run the workstation in plain Node and open it from a browser')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '7420')
    .option('--token <token>', 'fixed access token (default: a new random one per run)')
    .action(async (opts) => {
      const core = await createCore({ dataDir: dataDir(), transport: 'ws', version: VERSION });
      const server = await startServer(core, { host: opts.host, port: Number(opts.port), token: opts.token, rendererDir: rendererDir() });
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

}
