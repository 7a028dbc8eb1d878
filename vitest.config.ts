import path from 'node:path';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

// SWC keeps decorator metadata, which NestJS dependency injection needs.
const plugins = [swc.vite({ module: { type: 'es6' }, jsc: { target: 'es2022' } })];
// Subpath imports (`@fleetward/domain/device-event`) first, then the package indexes (exact matches).
const alias = [
  { find: /^@fleetward\/domain\/(.+)$/, replacement: path.resolve(__dirname, 'libs/domain/src/$1') },
  { find: /^@fleetward\/contracts$/, replacement: path.resolve(__dirname, 'libs/contracts/src/index.ts') },
  { find: /^@fleetward\/domain$/, replacement: path.resolve(__dirname, 'libs/domain/src/index.ts') },
];
const roots = ['server', 'edge', 'libs', 'test', 'scripts', 'bench'];
// SNMPv3 DES privacy (still the only cipher of many installed printers) needs OpenSSL's legacy provider,
// as the edge and the poll command run with it (docs/decisions/0006-snmp-polling-design.md).
const execArgv = ['--openssl-legacy-provider'];

export default defineConfig({
  test: {
    env: { TZ: 'UTC' },
    projects: [
      {
        plugins,
        resolve: { alias },
        test: {
          name: 'unit',
          execArgv,
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
          execArgv,
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
          execArgv,
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
