import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The repository / installation root: the nearest folder upwards holding the Fleetward package.json.
 * Works from `server/src/...` (tsx, tests) and from `dist/server/src/...` (built).
 */
export function findRepoRoot(start: string = __dirname): string {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      try {
        const pkg = JSON.parse(readFileSync(candidate, 'utf8')) as { name?: unknown };
        if (pkg.name === 'fleetward') return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Cannot find the Fleetward installation root above ${start}`);
    dir = parent;
  }
}

/** The product version from the root package.json. */
export function productVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(findRepoRoot(), 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}
