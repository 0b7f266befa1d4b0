#!/usr/bin/env node
// `npm run bench`: every *.bench.ts in this folder, one after another; results in bench/results/.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const only = process.argv[2];
for (const file of fs.readdirSync(here).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort()) {
  process.stdout.write(`\n# ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--max-old-space-size=8192', path.join(here, file)], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
