// ESLint: typescript-eslint's type-checked rules over every TypeScript source; `npm run lint`, part of `npm test`.
// Formatting is Prettier's (.prettierrc.json); ESLint adds the one layout rule Prettier cannot keep: lines ≤ 120.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', 'console/dist/', '.data/', '.local-bundles/', 'test-artifacts/', 'reports/', '.stryker-tmp/', '**/*.js', '**/*.cjs', '**/*.mjs', 'console/vite.config.ts', 'console/api-docs/vite.config.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Prettier wraps code; comments and code it cannot break are held to 120 here. Strings are exempt:
      // a message or test name split over lines can no longer be found with grep.
      'max-len': ['error', { code: 120, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true, ignoreUrls: true }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Handlers, adapters and test fakes implement Promise-returning interfaces; `async` without `await` is how they
      // return one, and it turns a synchronous throw into a rejection the caller's catch sees.
      '@typescript-eslint/require-await': 'off',
      // `interface XDependencies extends Pick<…> {}` names a handler's dependencies for its readers.
      '@typescript-eslint/no-empty-object-type': ['error', { allowInterfaces: 'with-single-extends' }],
      // A handler variable declared before the closures that read it and assigned once they exist.
      'prefer-const': ['error', { ignoreReadBeforeAssign: true }],
      // onClick={async () => …} is how the console's handlers are written; each catches its own errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
    },
  },
  {
    // Tests read JSON bodies (`any` by design): each response's shape is checked against the OpenAPI document instead
    // of restating it as a type in every test.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
