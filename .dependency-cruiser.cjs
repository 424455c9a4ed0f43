/**
 * `npm run lint` runs this: no import cycles in src/, type-only imports included (DESIGN §1, issue 12 part 6).
 * Why dependency-cruiser: eslint-plugin-import(-x)'s no-cycle skips `import type` by design, and a type-only
 * cycle still ties the folders together; with `tsPreCompilationDeps` dependency-cruiser reads the imports as
 * written, before TypeScript erases the type-only ones. Folder boundaries are eslint's (eslint.config.js).
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle (type-only imports count): move the shared part down into a file both can import.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
  },
};
