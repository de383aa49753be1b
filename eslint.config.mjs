import nx from '@nx/eslint-plugin';

// The architecture as a build rule: a service imports libs, never another service; platform libs never import a
// service; contracts and municipality data depend on nothing but each other; test helpers only in tests.
const boundaries = (extra) => [
  'error',
  {
    enforceBuildableLibDependency: false,
    allow: [],
    depConstraints: [
      { sourceTag: 'type:service', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared', ...extra] },
      { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared', ...extra] },
      { sourceTag: 'scope:testing', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared', 'scope:testing'] },
      ...['enrolment', 'notifications', 'volunteers', 'police-liaison', 'onboarding', 'bra-review', 'web'].map((s) => ({
        sourceTag: `scope:${s}`,
        onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared', ...extra],
      })),
    ],
  },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  { ignores: ['**/dist', '**/node_modules', '.local', '.tools', '.nx', 'coverage', 'deploy/**/*.mts', 'deploy/**/*.mjs'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries([]),
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.spec-helpers.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['scope:testing']),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
