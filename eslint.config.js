import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Folder boundaries (DESIGN §1): each folder imports only downward. The patterns match import specifiers, so
// `**/bean/**` catches '../bean/x.js' and '../../bean/x.js' alike.
const NODE_ONLY = [
  ...builtinModules,
  ...builtinModules.map(name => `node:${name}`),
  'ws',
  'ioredis',
  'prom-client',
  'inversify',
  'reflect-metadata',
];
const nodeOnly = { paths: NODE_ONLY.map(name => ({ name, message: 'Node-only: this folder also runs in browsers.' })) };
const BOUNDARY = 'Folder boundary (DESIGN §1): this folder does not import that one.';
const serverFolders = (...folders) => ({ group: folders.map(folder => `**/${folder}/**`), message: BOUNDARY });
// The socket module's own files at the top of src/, seen from a folder `depth` levels below it.
const socketModuleFiles = depth => ({
  group: ['socketApp', 'createApp', 'module', 'monkey', 'config', 'index'].map(
    name => `${'../'.repeat(depth)}${name}.js`,
  ),
  message: BOUNDARY,
});
const coreRule = depth => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      patterns: [
        serverFolders('bean', 'service', 'bus', 'client', 'lib', 'executor', 'metrics', 'protocol', 'types', 'cli'),
        socketModuleFiles(depth),
      ],
    },
  ],
});

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'coverage/',
      'bench/results/',
      'test-results/',
      'examples/demo/public/*.bundle.js',
    ],
  },
  js.configs.recommended,
  // The dependency-cruiser config is CommonJS (its loader's preferred form).
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable' } } },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { console: 'readonly', process: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  // The kernel knows nothing of sockets: not the socket module's beans, services, bus, client, helpers or files.
  { files: ['src/core/*.ts'], rules: coreRule(1) },
  { files: ['src/core/*/**/*.ts'], rules: coreRule(2) },
  {
    // The wire protocol runs in the server and in browsers: no Node-only module, nothing of the server.
    files: ['src/protocol/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...nodeOnly,
          patterns: [
            serverFolders('bean', 'service', 'bus', 'client', 'lib', 'executor', 'metrics', 'types', 'cli'),
            socketModuleFiles(1),
          ],
        },
      ],
    },
  },
  {
    // The client SDK is browser-safe: no Node-only module; of the server only protocol/ (and types/, types only).
    files: ['src/client/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          ...nodeOnly,
          patterns: [
            serverFolders('bean', 'service', 'bus', 'core', 'lib', 'executor', 'metrics', 'cli'),
            socketModuleFiles(1),
            { ...serverFolders('types'), allowTypeImports: true },
          ],
        },
      ],
    },
  },
  {
    // Examples import a-socket as a user does: through its entries only (main, client, http, redis, metrics).
    files: ['examples/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '/src/(?!(index|client/index|executor/index|bus/redis/index|metrics/index)\\.js$)',
              message: 'Examples import a-socket through its public entries, as users do.',
            },
          ],
        },
      ],
    },
  },
);
