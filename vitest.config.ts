import { defineConfig } from 'vitest/config';

const exclude = ['**/node_modules/**', '**/dist/**'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          // vitest's default is one worker fewer than the cores: one on these 2-core machines, where the CLI
          // tests spend much of their time waiting on the processes they spawn (153 s → 123 s with two).
          maxWorkers: 2,
          // A hang guard, not a performance bound: fuzzing runs thousands of cases on shared CI cores.
          testTimeout: 60_000,
          include: ['shared/**/*.test.ts', 'services/**/*.test.ts', 'rules/**/*.test.ts', 'test/unit/**/*.test.ts'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.e2e.test.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['shared/**/*.int.test.ts', 'services/**/*.int.test.ts', 'test/int/**/*.int.test.ts'],
          exclude,
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two files at a time: these tests mostly wait (group joins, session timeouts, retries), about a
          // minute of CPU in four of wall time one file at a time; 257 s → 121–125 s, three runs alike. Each
          // file has its own topics, groups and Redis prefix on the shared cluster, and any test that takes a
          // broker down does it on a private cluster.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude,
          globalSetup: ['test/helpers/global-setup.ts'],
          testTimeout: 90_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
