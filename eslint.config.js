import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', '.data/', 'migrations/', '**/*.mjs', 'apps/*/dist/', 'db/dist/', 'test/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-properties': ['error', {
        object: 'process', property: 'env',
        message: 'Read configuration through the app config module only.',
      }],
    },
  },
  {
    // TypeScript already resolves every name in the browser code (DOM lib); no-undef only knows Node's globals.
    files: ['apps/web/src/**'],
    rules: { 'no-undef': 'off' },
  },
  {
    // Composition roots hand process.env to their config loader; the loaders and test support are the only places allowed to see the environment.
    files: ['**/config.ts', '**/main.ts', 'test/support/**', 'bench/**', '**/*.cli.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
);
