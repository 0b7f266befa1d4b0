import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../fixtures/images';

const root = path.resolve(import.meta.dirname, '../..');
const depcruise = path.join(root, 'node_modules/.bin/depcruise');

/** The layer rule of src-server (DESIGN.md §2), checked on a throw-away tree holding one offending file. */
function lint(file: string, source: string) {
  const dir = tempDir('labeler-server-lint-');
  fs.mkdirSync(path.join(dir, path.dirname(file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), source);
  for (const [f, s] of [['src-main/shell/window.ts', 'export const w = 1;\n'], ['src-renderer/src/ui.ts', 'export const u = 1;\n'], ['src-main/core/images/probe.ts', 'export const p = 1;\n']]) {
    fs.mkdirSync(path.join(dir, path.dirname(f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), s);
  }
  fs.copyFileSync(path.join(root, 'tsconfig.node.json'), path.join(dir, 'tsconfig.node.json'));
  try {
    return spawnSync(depcruise, ['src-server', '--config', path.join(root, '.dependency-cruiser.cjs')], { cwd: dir, encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the src-server boundary', () => {
  it('passes the real server tree', () => {
    const result = spawnSync(depcruise, ['src-server', '--config', '.dependency-cruiser.cjs'], { cwd: root, encoding: 'utf8' });
    expect(result.stdout + result.stderr).toMatch(/no dependency violations/);
  });

  it.each([
    ['src-server/bad.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['src-server/shell.ts', "import { w } from '../src-main/shell/window';\nexport const b = w;\n"],
    ['src-server/ui.ts', "import { u } from '../src-renderer/src/ui';\nexport const c = u;\n"],
  ])('fails when %s reaches electron, the shell or the renderer', (file, source) => {
    const result = lint(file, source);
    expect(result.status).not.toBe(0);
    expect(result.stdout).toContain('server-never-imports-electron-or-ui');
  });

  it('allows the Node-only parts of core', () => {
    expect(lint('src-server/ok.ts', "import { p } from '../src-main/core/images/probe';\nexport const d = p;\n").status).toBe(0);
  });
});
