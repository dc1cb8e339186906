// ESLint flat config: typescript-eslint on src/, test/, bench/, scripts/ (type-aware rules such as
// no-floating-promises need the project service), plain recommended rules on the browser code in web/.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['node_modules/', 'cache/', 'models/', 'docs/', 'web/fonts/', 'bench/out/', '.stryker-tmp/', 'reports/'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [tseslint.configs.recommended],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    rules: {
      // node:test's test()/describe() return promises the runner itself awaits
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'it', 'describe', 'suite', 'before', 'after'] },
          ],
        },
      ],
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'max-len': ['error', { code: 160, ignoreUrls: true }],
      // control characters in patterns are deliberate: titles and prompts are cleaned of them
      'no-control-regex': 'off',
    },
  },
  {
    files: ['web/**/*.js'],
    languageOptions: { globals: { ...globals.browser }, sourceType: 'module' },
    rules: {
      'no-unused-vars': ['error', { argsIgnorePattern: '^_', caughtErrors: 'none' }],
      'max-len': ['error', { code: 160, ignoreUrls: true }],
    },
  },
  {
    files: ['**/*.mjs', 'bin/*.js', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node }, sourceType: 'module' },
  },
)
