import path from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC keeps decorator metadata, which NestJS dependency injection needs.
const plugins = [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })];
const alias = {
  '@fleetward/contracts': path.resolve(__dirname, 'libs/contracts/src/index.ts'),
  '@fleetward/domain': path.resolve(__dirname, 'libs/domain/src/index.ts'),
};
const roots = ['server', 'edge', 'libs', 'test', 'scripts', 'bench'];

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          include: roots.map((r) => `${r}/**/*.spec.ts`),
          environment: 'node',
          testTimeout: 10_000,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'integration',
          include: roots.map((r) => `${r}/**/*.int-spec.ts`),
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e-spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
