import { AppError } from '../../../src-shared/contract/errors';
import path from 'node:path';
import { addUser, buildServer, isPostgresUrl, openStorage, samSegmentProvider } from '../../../src-server/index';
import { VERSION, type Cli } from '../cli';

const positive = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new AppError('VALIDATION_ERROR', `--${name} must be a whole number (got "${value}").`);
  return n;
};

/**
 * `labeler server …`: the central Labeler REST server (src-server) on an SQLite file or a
 * PostgreSQL URL, and user administration for it.
 */
export function registerServerCommand({ program }: Cli): void {
  const server = program.command('server').description('the central Labeler REST server (teams sync their workstations with it)');

  server
    .command('start')
    .description('serve the Labeler API on an SQLite file (default) or a postgres:// URL')
    .requiredOption('--db <path-or-url>', 'SQLite file, or postgres://user:pass@host/db for several server processes')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port (0 picks a free one)', '8001')
    .option('--files <dir>', 'where uploaded images, exports and snapshots live (default: <db>.files for SQLite, required to be shared with PostgreSQL)')
    .option('--public-url <url>', 'base of the URLs the server hands out (signed image and export links)')
    .option('--rate-limit <n>', 'requests per minute per user (default 100, 0 turns rate limits off)')
    .option('--login-limit <n>', 'login attempts per minute per address (default 5)')
    .option('--sam-model <id>', 'Segment Anything model for POST /ai/segment (default: the manifest default)')
    .option('--no-sam', 'turn POST /ai/segment off')
    .option('--log', 'log every request (JSON lines) to stdout')
    .action(async (opts) => {
      if (isPostgresUrl(opts.db) && !opts.files) process.stderr.write('Note: with PostgreSQL, give every server process the same --files directory.\n');
      const db = await openStorage(opts.db);
      const userLimit = positive('rate-limit', opts.rateLimit);
      const loginLimit = positive('login-limit', opts.loginLimit);
      const filesDir = path.resolve(opts.files ?? (isPostgresUrl(opts.db) ? 'labeler-files' : `${opts.db}.files`));
      const sam = opts.sam === false ? { provider: null, reason: 'turned off with --no-sam' } : samSegmentProvider({ dataDir: path.join(filesDir, 'ai'), modelId: opts.samModel });
      const app = await buildServer({
        db,
        closeDb: true,
        ai: sam.provider ? { segment: sam.provider } : {},
        version: VERSION,
        logger: Boolean(opts.log),
        filesDir,
        publicUrl: opts.publicUrl,
        secret: process.env.LABELER_SERVER_SECRET || undefined,
        rateLimits: {
          enabled: userLimit !== 0,
          ...(userLimit ? { user: { max: userLimit, windowMs: 60_000 } } : {}),
          ...(loginLimit ? { login: { max: loginLimit, windowMs: 60_000 } } : {}),
        },
      });
      await app.listen({ host: opts.host, port: positive('port', opts.port) ?? 8001 });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : opts.port;
      process.stdout.write(`Labeler server ${VERSION} on ${db.dialect} (${db.location})\nListening on http://${opts.host}:${port}/api/v1 (WebSocket: ws://${opts.host}:${port}/ws, OpenAPI: /api/v1/openapi.json)\n`);
      process.stdout.write(sam.provider ? `AI segment: ${sam.provider.model}\n` : `AI segment: off (${sam.reason})\n`);
      if (opts.host !== '127.0.0.1' && opts.host !== 'localhost') process.stderr.write('Warning: bound beyond this machine; put TLS (a reverse proxy) in front of it.\n');
      const stop = async () => {
        await app.close();
        process.exit(0);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });

  server
    .command('add-user')
    .description('create a user (or reset an existing one) in a team')
    .requiredOption('--db <path-or-url>', 'the server database')
    .requiredOption('--email <email>', 'login email')
    .requiredOption('--password <password>', 'at least 8 characters')
    .requiredOption('--role <role>', 'admin | reviewer | annotator')
    .option('--team <name>', 'team (created when new)', 'default')
    .option('--name <full name>', 'display name')
    .action(async (opts) => {
      const db = await openStorage(opts.db);
      try {
        const user = await addUser(db, { email: opts.email, password: opts.password, role: opts.role, team: opts.team, full_name: opts.name });
        process.stdout.write(`User ${user.email} (id ${user.id}) is ${user.role} of team "${opts.team}".\n`);
      } finally {
        await db.close();
      }
    });
}
