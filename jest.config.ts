import type { Config } from 'jest';

// One jest run, two projects: `unit` (pure, fast, parallel) and `integration` (real Kafka, FerretDB, Redis,
// SMTP and service processes; run in band so the 2 cores are not oversubscribed).
const moduleNameMapper = { '^@trygg/([a-z-]+)$': '<rootDir>/libs/$1/src/index.ts' };
const transform = {
  '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }],
};

const config: Config = {
  projects: [
    {
      displayName: 'unit',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{libs,services}/*/src/**/*.spec.ts', '<rootDir>/test/**/*.spec.ts'],
      moduleNameMapper,
      transform,
    },
    {
      displayName: 'integration',
      rootDir: '.',
      testEnvironment: 'node',
      testMatch: ['<rootDir>/{libs,services}/*/test/**/*.int-spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
      moduleNameMapper,
      transform,
      slowTestThreshold: 30,
    },
  ],
};

export default config;
