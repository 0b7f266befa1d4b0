/**
 * The layering of DESIGN.md §2, checked in CI (`npm run lint:boundaries`).
 * src-shared: pure TypeScript. core: Node, never electron. renderer: src-shared only.
 */
const ELECTRON = '^electron$|node_modules/electron/';
module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'src-shared runs in main, renderer and server alike: no node:, no electron, no app layers.',
      severity: 'error',
      from: { path: '^src-shared/' },
      to: { path: [ELECTRON, '^src-main/', '^src-renderer/', '^src-preload/', '^src-server/'] },
    },
    {
      name: 'shared-no-node-builtins',
      severity: 'error',
      from: { path: '^src-shared/', pathNot: '\\.test\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'core-never-imports-electron',
      comment: 'require("electron") throws wherever the Electron binary is missing (CLI, serve, tests).',
      severity: 'error',
      from: { path: '^src-main/(core|serve|cli)/' },
      to: { path: [ELECTRON, '^src-main/shell/', '^src-preload/'] },
    },
    {
      name: 'core-does-not-know-its-hosts',
      severity: 'error',
      from: { path: '^src-main/core/' },
      to: { path: ['^src-main/(serve|cli|shell)/'] },
    },
    {
      name: 'renderer-reaches-core-only-through-the-contract',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { path: [ELECTRON, '^src-main/', '^src-server/', '^src-preload/(?!index\\.d\\.ts$)'] },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^src-renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: { path: '^src-' },
      to: { couldNotResolve: true, pathNot: ELECTRON },
    },
    {
      name: 'server-never-imports-electron-or-ui',
      comment: 'src-server runs in plain Node: src-shared and the Node-only parts of core, never electron, shell, renderer or preload.',
      severity: 'error',
      from: { path: '^src-server/' },
      to: { path: [ELECTRON, '^src-main/shell/', '^src-renderer/', '^src-preload/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/|^out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.d.ts'], conditionNames: ['import', 'require', 'node', 'types', 'default'], exportsFields: ['exports'] },
  },
};
