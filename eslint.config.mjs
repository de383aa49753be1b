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

// The layers inside a service (and a lib with the same folders): domain/ is pure rules — nothing from the outer
// layers, no I/O, no randomness, no framework; application/ (use cases) knows ports, not adapters or edges.
const outerLayers = (...layers) => layers.flatMap((l) => [`**/${l}`, `**/${l}/**`]);
const io = ['node:fs', 'fs', 'node:fs/promises', 'node:net', 'node:http', 'node:https', 'node:child_process', 'node:dgram', 'node:dns', 'node:tls', 'node:worker_threads'];
const drivers = ['mongoose', 'mongodb', 'kafkajs', 'bullmq', 'ioredis', 'nodemailer', 'express'];
const layerRule = (forbiddenLayers, extraPaths, why) => [
  'error',
  {
    paths: extraPaths,
    patterns: [
      { group: outerLayers(...forbiddenLayers), message: `${why}.` },
      ...(extraPaths.length ? [{ group: ['@nestjs/*'], message: 'domain/ is pure rules: no framework here.' }] : []),
    ],
  },
];
const domainRule = layerRule(
  ['application', 'infrastructure', 'http', 'messaging'],
  [
    ...[...io, ...drivers].map((name) => ({ name, message: 'domain/ is pure rules: no I/O or drivers.' })),
    { name: 'node:crypto', importNames: ['randomBytes', 'randomUUID', 'randomInt', 'randomFillSync', 'webcrypto'], message: 'domain/ is pure rules: randomness comes in as a value or through a port.' },
  ],
  'domain/ imports nothing from application/, infrastructure/, http/ or messaging/',
);
const applicationRule = layerRule(['infrastructure', 'http', 'messaging'], [], 'application/ (use cases) imports ports, not infrastructure/, http/ or messaging/');

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
  { files: ['services/*/src/domain/**/*.ts', 'libs/*/src/domain/**/*.ts'], ignores: ['**/*.spec.ts'], rules: { 'no-restricted-imports': domainRule } },
  { files: ['services/*/src/application/**/*.ts', 'libs/*/src/application/**/*.ts'], ignores: ['**/*.spec.ts'], rules: { 'no-restricted-imports': applicationRule } },
  {
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(['scope:testing']),
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
];
