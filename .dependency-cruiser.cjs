/**
 * The module boundaries (docs/ARCHITECTURE.md), checked by `npm run lint:deps` as part of `npm test`.
 * A capability is a folder under src/ other than the kernel (core), the transport and application layers
 * (http, cli, db, demo); other code reaches a module only through its index.ts.
 */
const KERNEL = '^src/(core|http|cli|db|demo)/';
const APP = '^src/(app|modules)\\.ts$|^src/(db|demo)/|^src/http/(server|auth\\.plugin)\\.ts$|^src/cli/(main|run|serve\\.command)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Modules and files must not import each other in a circle: split the shared part out, or raise an event.',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'module-through-index',
      severity: 'error',
      comment: 'Another module is reached only through its index.ts: import what it exports there, or export it.',
      from: { path: '^src/([^/]+)/', pathNot: KERNEL },
      to: { path: '^src/[^/]+/', pathNot: [KERNEL, '^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'kit-through-index',
      severity: 'error',
      comment: 'The kernel and the transport kits reach modules only through their index.ts.',
      from: { path: KERNEL },
      to: { path: '^src/[^/]+/', pathNot: [KERNEL, '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'modules-below-the-app',
      severity: 'error',
      comment: 'Modules stand below the application: they never import the app, the module list, the server, the CLI entry or the demo.',
      from: { path: '^src/', pathNot: [APP, '\\.test\\.ts$', '^src/cli/'] },
      to: { path: APP },
    },
    {
      name: 'kernel-knows-no-module',
      severity: 'error',
      comment: 'src/core is the shared kernel: it imports no module and no transport except the Api type.',
      from: { path: '^src/core/' },
      to: { path: '^src/', pathNot: ['^src/core/', '^src/http/api\\.ts$'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)node_modules/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'], extensions: ['.ts', '.js'] },
    moduleSystems: ['es6'],
  },
};
