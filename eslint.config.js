// One-way imports (ARCHITECTURE.md): renderer → shared, preload → shared, main → shared + drivers
// + integrations, drivers → nothing of ours, integrations → shared, server → shared + integrations,
// console → shared, cli → everything but the UI. A wrong-direction
// import is a lint error, and test/architecture/import-rules.test.ts proves each rule bites.
import tseslint from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';

const layer = (names) => names.flatMap((n) => [`**/${n}/**`, `**/${n}`]);
const noElectron = {
  name: 'electron',
  message: 'Only src/main/electron/ and src/preload/ may import electron: the core runs under plain Node.',
};
// tsyringe inside @peculiar/x509 needs the Reflect polyfill loaded before it: one module per side
// imports both in that order, everything else goes through it.
const noX509 = {
  name: '@peculiar/x509',
  message:
    'Import X.509 through src/main/sync/csr.ts or src/server/pki/x509.ts: the Reflect polyfill loads first there.',
};
const restrict = (groups, paths = [noElectron, noX509]) => ({
  'no-restricted-imports': [
    'error',
    {
      paths,
      patterns: groups.map(([group, message]) => ({ group, message })),
    },
  ],
});

const coreGroups = [
  [layer(['renderer', 'preload', 'server', 'cli']), 'The core imports only src/shared and drivers/.'],
];
const serverGroups = [
  [
    layer(['main', 'renderer', 'preload', 'drivers', 'cli']),
    'The central server imports only src/shared and integrations/.',
  ],
];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      '.tools/**',
      '.vite/**',
      'out/**',
      'dist/**',
      'test-results/**',
      'playwright-report/**',
      'test/artifacts/**',
      'reports/**',
      '.stryker-tmp*/**',
      'migrations/**',
    ],
  },
  ...tseslint.configs.recommended,
  ...svelte.configs['flat/recommended'],
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-imports': ['error', { paths: [noElectron, noX509] }],
    },
  },
  {
    files: ['src/renderer/**/*.{ts,svelte}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: restrict([
      [
        layer(['main', 'preload', 'server', 'drivers', 'integrations', 'cli']),
        'The renderer talks only to window.caredock and imports only src/shared.',
      ],
      [['node:*'], 'The renderer is a sandboxed web page: no Node built-ins.'],
      [layer(['shared/node']), 'src/shared/node is for the Node layers; the renderer is a web page.'],
    ]),
  },
  {
    // The municipality console's page: a browser app that talks to the central server only
    // through src/shared/console's typed client, so it imports src/shared and nothing else.
    files: ['src/console/**/*.{ts,svelte}'],
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] },
    },
    rules: restrict([
      [
        layer(['main', 'preload', 'renderer', 'server', 'drivers', 'integrations', 'cli']),
        'The console page talks only to the console server (createConsoleClient) and imports only src/shared.',
      ],
      [['node:*'], 'The console is a web page: no Node built-ins.'],
      [layer(['shared/node']), 'src/shared/node is for the Node layers; the console is a web page.'],
    ]),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict([
      [
        layer(['main', 'preload', 'renderer', 'server', 'drivers', 'integrations', 'cli']),
        'src/shared is imported by all layers and imports none of them.',
      ],
    ]),
  },
  {
    files: ['drivers/**/*.ts'],
    rules: restrict([[layer(['src']), 'drivers/ imports nothing of ours: no core, no database, no UI.']]),
  },
  {
    // Adapters for outside systems: no core, no database, no UI, no devices, no server.
    files: ['integrations/**/*.ts'],
    rules: restrict([
      [
        layer(['main', 'preload', 'renderer', 'server', 'cli', 'drivers']),
        'integrations/ imports only src/shared: an adapter knows its outside system, not the product.',
      ],
    ]),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: layer(['main', 'renderer', 'server', 'drivers', 'integrations', 'cli', 'shared/node']),
              message: 'The preload imports only electron and src/shared (not its Node-only part).',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/electron/**'],
    rules: restrict(coreGroups),
  },
  // One way into the database (docs/architecture.md): SQL is prepared only in an area's data.ts
  // (and src/main/db/), and drizzle is the schema and the migrations, not a second query path.
  {
    files: ['src/main/**/*.ts'],
    ignores: ['src/main/**/data.ts', 'src/main/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.property.name='prepare']",
          message: "Prepare SQL in the area's data.ts, behind a typed function.",
        },
        {
          selector: 'ImportDeclaration[source.value=/^drizzle-orm/]',
          message: "Reach the database through the area's data.ts; drizzle stays in src/main/db/.",
        },
      ],
    },
  },
  {
    files: ['src/main/sync/csr.ts'],
    rules: restrict(coreGroups, [noElectron]),
  },
  {
    files: ['src/main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            // Like the CLI, the Electron shell is a composition root: it may start the demo (src/cli/demo.ts).
            {
              group: layer(['renderer', 'preload', 'server']),
              message:
                'The Electron shell wraps the core; it imports src/main, src/shared, drivers/ and the demo.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restrict(serverGroups),
  },
  {
    files: ['src/server/pki/x509.ts'],
    rules: restrict(serverGroups, [noElectron]),
  },
);
