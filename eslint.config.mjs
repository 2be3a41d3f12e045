import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';
import jsxA11y from 'eslint-plugin-jsx-a11y';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

/** What a file under apps/<service>/src/domain may not import: adapters, wiring, drivers. */
const DOMAIN_FORBIDDEN = [
  '../data/*',
  '../clients/*',
  '../gateway/*',
  '../routes/*',
  '../worker/*',
  '../test/*',
  '../app',
  '../main',
  '../compose',
  '../config',
  'express',
  'pg',
  '@faultline/postgres',
  '@faultline/postgres/*',
];

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', '**/coverage/**', '.nx/**'],
  },
  js.configs.recommended,
  {
    files: ['**/*.{ts,tsx}'],
    extends: [...tseslint.configs.strictTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests read JSON answers of arbitrary shape and assert on them; typing every body adds nothing.
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'tests/*/src/support/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
    },
  },
  {
    files: ['**/*.cjs', '**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
      },
    },
  },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: [],
          depConstraints: [
            // Apps run on runtime libs only: never on tooling (libs/stack, dashboards, diagnosis),
            // never on another app. Tests may start apps and use any lib.
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:runtime'] },
            { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:runtime'] },
            {
              sourceTag: 'type:tooling',
              onlyDependOnLibsWithTags: ['type:runtime', 'type:tooling'],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: ['type:runtime', 'type:tooling', 'type:app'],
            },
          ],
        },
      ],
    },
  },
  {
    // Test support (the libs' /testing entry points) is for tests, never for code that ships.
    files: ['apps/*/src/**/*.{ts,tsx}', 'libs/*/src/**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', '**/testing/**', '**/testing.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@faultline/*/testing'], message: 'Test support is for tests only.' },
          ],
        },
      ],
    },
  },
  {
    // The domain is the ground floor: it owns its ports (domain/ports.ts) and adapters implement
    // them. It imports no adapter folder, no composition root and no driver.
    files: ['apps/*/src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: DOMAIN_FORBIDDEN,
              message:
                'domain/ must not import adapters or drivers: declare a port in domain/ports.ts.',
            },
            { group: ['@faultline/*/testing'], message: 'Test support is for tests only.' },
          ],
        },
      ],
    },
  },
  {
    // Unit specs of the domain run on the in-memory fakes of its ports (src/test), never on adapters.
    files: ['apps/*/src/domain/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: DOMAIN_FORBIDDEN.filter((path) => path !== '../test/*'),
              message: 'domain specs use the in-memory fakes in src/test, not adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // The storefront runs in the browser: the rules of hooks, and accessibility checked on the JSX
    // (labels, roles, keyboard handlers) before the browser suite checks it in Chromium.
    files: ['apps/storefront/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest'], jsxA11y.flatConfigs.strict],
  },
  prettier,
);
