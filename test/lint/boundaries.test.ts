import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/images';

const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');

/** Runs the project's boundary rules over a throw-away tree holding one file. */
function lint(file: string, source: string) {
  const dir = tempDir('labeler-lint-');
  fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), source);
  fs.mkdirSync(path.join(dir, 'src-shared'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src-shared/ok.ts'), 'export const ok = 1;\n');
  fs.mkdirSync(path.join(dir, 'src-main/core'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'src-main/core/service.ts'), 'export const s = 1;\n');
  fs.copyFileSync(path.join(root, 'tsconfig.node.json'), path.join(dir, 'tsconfig.node.json'));
  return spawnSync(depcruise, [path.dirname(file), '--config', path.join(root, '.dependency-cruiser.cjs')], { cwd: dir, encoding: 'utf8' });
}

describe('the boundary lint', () => {
  it('passes the real source tree', () => {
    const result = spawnSync(depcruise, ['src-main', 'src-shared', 'src-renderer', 'src-preload', '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/no dependency violations/);
    expect(result.status).toBe(0);
  });

  it.each([
    ['src-main/core/window.ts', "import { app } from 'electron';\nexport const a = app;\n", 'core-never-imports-electron'],
    ['src-main/serve/x.ts', "const e = require('electron');\nexport default e;\n", 'core-never-imports-electron'],
    ['src-shared/fs-helper.ts', "import fs from 'node:fs';\nexport const f = fs;\n", 'shared-no-node-builtins'],
    ['src-shared/bad.ts', "import { s } from '../src-main/core/service';\nexport const b = s;\n", 'shared-is-pure'],
    ['src-renderer/src/bad.ts', "import { s } from '../../src-main/core/service';\nexport const b = s;\n", 'renderer-reaches-core-only-through-the-contract'],
    ['src-renderer/src/fs.ts', "import { readFileSync } from 'fs';\nexport const r = readFileSync;\n", 'renderer-no-node-builtins'],
  ])('fails when %s breaks a layer', (file, source, rule) => {
    const result = lint(file, source);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain(rule);
  });
});
