import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import boundaries from 'eslint-plugin-boundaries';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist', 'node_modules', 'test-results', 'playwright-report', 'bench/results', 'mlartifacts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.browser, ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/only-throw-error': 'off',
    },
  },
  // The SPA's layers (ARCHITECTURE.md): app composes features; a feature never imports another
  // feature; entities (one client module per MLflow endpoint) import no feature and no app code;
  // shared components import no feature; lib imports none of them. No import cycles.
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    plugins: { boundaries, 'import-x': importX },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.tsx', '.js'] } },
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js'] })],
      // Without these, import-x does not parse TypeScript dependencies and no-cycle sees no cycle.
      'import-x/extensions': ['.ts', '.tsx', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'boundaries/include': ['src/**/*'],
      'boundaries/elements': [
        { type: 'app', pattern: 'src/app' },
        { type: 'feature', pattern: 'src/features/*', capture: ['feature'] },
        { type: 'entity', pattern: 'src/entities/*', capture: ['entity'] },
        { type: 'component', pattern: 'src/components/*', capture: ['component'] },
        { type: 'config', pattern: 'src/config' },
        { type: 'lib', pattern: 'src/lib' },
      ],
    },
    rules: {
      'boundaries/dependencies': [
        'error',
        {
          default: 'allow',
          policies: [
            { from: { element: { type: 'feature' } }, disallow: { to: { element: { types: { anyOf: ['feature', 'app'] } } } } },
            { from: { element: { type: 'entity' } }, disallow: { to: { element: { types: { anyOf: ['feature', 'app', 'component'] } } } } },
            { from: { element: { type: 'component' } }, disallow: { to: { element: { types: { anyOf: ['feature', 'entity', 'app'] } } } } },
            { from: { element: { types: { anyOf: ['lib', 'config'] } } }, disallow: { to: { element: { types: { anyOf: ['feature', 'entity', 'component', 'app'] } } } } },
          ],
        },
      ],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  // The server's layers (ARCHITECTURE.md): routes → services → store. Services hold MLflow's rules and
  // do not know which database they run on: no SQL builder, no driver, no database module (they may
  // pass the `Db` handle along, as a type). The store holds the SQL and knows nothing of services or HTTP.
  {
    files: ['mock-server/services/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'kysely', message: 'SQL belongs in mock-server/store/: add a query function there.' },
            { name: 'pg', message: 'Database drivers belong in mock-server/store/.' },
            { name: 'better-sqlite3', message: 'Database drivers belong in mock-server/store/.' },
          ],
          patterns: [
            {
              group: ['**/store/database', '**/store/database.js'],
              allowTypeImports: true,
              message: 'Services may hold the Db handle (a type import) but open, query and migrate nothing: use a store module.',
            },
            { group: ['**/http/**', '**/routes/**'], message: 'Services know nothing of HTTP: throw the errors of mock-server/errors.ts.' },
          ],
        },
      ],
      // The Db handle a service holds is for transactions only; queries built on it are SQL too.
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression > MemberExpression.callee > Identifier.property[name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|mergeInto|updateTable|deleteFrom|executeQuery)$/]',
          message: 'SQL belongs in mock-server/store/: add a query function there.',
        },
      ],
    },
  },
  {
    files: ['mock-server/store/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/services/**', '**/http/**', '**/routes/**'],
              message: 'The store is the bottom layer: it imports no service, route or HTTP code (errors come from mock-server/errors.ts).',
            },
          ],
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // Playwright fixtures receive a `use` callback that is not React's hook.
  { files: ['e2e/**', 'bench/**'], rules: { 'react-hooks/rules-of-hooks': 'off' } },
);
