import { transform } from '@swc/core';
import { build, type Plugin } from 'esbuild';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { BenchSetupError } from '../bench.errors';

const REPO = path.resolve(__dirname, '../../..');

/**
 * NestJS dependency injection reads the constructor parameter types that TypeScript emits as decorator metadata;
 * esbuild (and so tsx) does not emit it. This plugin compiles every TypeScript file with SWC (legacy decorators +
 * metadata, as the vitest config does) and lets esbuild bundle the result.
 */
const swcWithMetadata: Plugin = {
  name: 'swc-decorator-metadata',
  setup(b) {
    // Packages stay in node_modules (native addons, optional drivers); only the repo's own code is bundled.
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@fleetward/') ? undefined : { path: args.path, external: true },
    );
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const out = await transform(source, {
        filename: args.path,
        sourceMaps: false,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2022',
          keepClassNames: true,
        },
        module: { type: 'es6' },
      });
      return { contents: out.code, loader: 'js', resolveDir: path.dirname(args.path) };
    });
  },
};

/**
 * Bundles a bench entry that starts the real server or edge into `dist/bench/<name>.js` (inside the repo, so that
 * the server finds its installation root and node_modules from there).
 */
export async function bundleNestEntry(entry: string, name: string): Promise<string> {
  const outfile = path.join(REPO, 'dist', 'bench', `${name}.js`);
  try {
    await build({
      entryPoints: [entry],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      outfile,
      tsconfig: path.join(REPO, 'tsconfig.json'),
      plugins: [swcWithMetadata],
      logLevel: 'silent',
      sourcemap: false,
      keepNames: true,
    });
  } catch (error) {
    throw new BenchSetupError(`could not bundle ${entry}: ${(error as Error).message}`, { cause: error });
  }
  return outfile;
}
