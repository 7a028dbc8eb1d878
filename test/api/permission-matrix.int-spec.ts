import type { ErrorResponse } from '@fleetward/contracts';
import { GRANTABLE_PERMISSIONS, isPermission, type Permission, permissionSatisfied } from '@fleetward/domain';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support';
import { builtInRoleId, createDevice, createEdge, createGroup, expectStatus, makeRole } from './access-helpers';

/**
 * The permission matrix, read from the running server's OpenAPI document so that endpoints added later
 * are covered without touching this file. For every operation that needs a function permission:
 * - a user whose roles grant every permission EXCEPT the required one(s) (and whatever implies them)
 *   gets 403 PERMISSION_DENIED;
 * - a user who holds one of them gets anything but 401/403.
 * Operations marked `unauthenticated`, and `public` ones (every signed-in user holds Public), are not
 * part of the matrix but are counted. An operation without `x-required-permission` fails the test.
 */

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const RANDOM_ID = '0b7d3a52-5f1e-4c7a-9d0e-3f6f1c2b9a10';

interface Operation {
  method: (typeof METHODS)[number];
  path: string;
  required: unknown;
}

interface OpenApiDocument {
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Record<string, unknown>>>>;
}

describe('permission matrix (every operation of /api/openapi.json)', () => {
  let server: TestServer;
  let admin: string;
  let operations: Operation[];
  /** Real ids for GET paths, so reads reach the handler; writes use a random id (404 is fine). */
  const realIds: Record<string, string> = {};
  const users = new Map<string, string>();
  let userCounter = 0;

  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.loginAsAdmin();
    const doc = expectStatus(await server.request<OpenApiDocument>('GET', '/api/openapi.json'), 200, 'openapi.json');
    operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      METHODS.flatMap((method) => {
        const op = item[method];
        return op ? [{ method, path, required: op['x-required-permission'] }] : [];
      }),
    );
    const group = await createGroup(server, admin, 'Matrix group');
    const edge = await createEdge(server, admin, 'matrix-edge');
    const device = await createDevice(server, admin, {
      name: 'matrix-mfp',
      address: '127.1.2.3',
      groupIds: [group.id],
      edgeId: edge.id,
    });
    const someone = await server.createUser('matrix-target');
    realIds['/api/v1/roles/'] = await builtInRoleId(server, admin);
    realIds['/api/v1/device-groups/'] = group.id;
    realIds['/api/v1/devices/'] = device.id;
    realIds['/api/v1/edges/'] = edge.id;
    realIds['/api/v1/users/'] = someone.user.id;
    realIds.deviceId = device.id;
  });

  afterAll(async () => {
    await server?.close();
  });

  /** A fresh user, member and administrator of one role with exactly `permissions`, all groups, all edges. */
  async function userHolding(permissions: readonly Permission[]): Promise<string> {
    const key = [...permissions].sort().join(',');
    const cached = users.get(key);
    if (cached) return cached;
    userCounter += 1;
    const { user, token } = await server.createUser(`matrix-${userCounter}`);
    await makeRole(server, admin, {
      name: `matrix role ${userCounter}`,
      permissions: [...permissions],
      allDeviceGroups: true,
      allEdges: true,
      memberIds: [user.id],
      administratorIds: [user.id],
    });
    users.set(key, token);
    return token;
  }

  function concretePath(op: Operation): string {
    const useReal = op.method === 'get';
    return op.path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
      if (!useReal) return RANDOM_ID;
      if (name === 'deviceId') return realIds.deviceId ?? RANDOM_ID;
      const prefix = Object.keys(realIds).find((p) => p.startsWith('/') && op.path.startsWith(p));
      return prefix ? (realIds[prefix] ?? RANDOM_ID) : RANDOM_ID;
    });
  }

  async function call(op: Operation, token: string) {
    const body = op.method === 'get' || op.method === 'delete' ? undefined : {};
    return server.request<ErrorResponse>(
      op.method.toUpperCase(),
      concretePath(op),
      body === undefined ? { token } : { token, body },
    );
  }

  it('every operation declares x-required-permission', () => {
    expect(operations.length).toBeGreaterThan(20);
    const undeclared = operations
      .filter((op) => op.required === undefined)
      .map((op) => `${op.method.toUpperCase()} ${op.path}`);
    expect(undeclared, 'operations without x-required-permission').toEqual([]);
    const malformed = operations.filter(
      (op) =>
        op.required !== 'unauthenticated' &&
        !(Array.isArray(op.required) && op.required.length > 0 && op.required.every(isPermission)),
    );
    expect(malformed.map((op) => `${op.method} ${op.path}: ${JSON.stringify(op.required)}`)).toEqual([]);
  });

  it('denies each operation to a user lacking its permission and allows it to a user holding it', async () => {
    const failures: string[] = [];
    const counts = { checked: 0, unauthenticated: 0, public: 0 };
    const allowedStatuses = new Map<number, number>();
    for (const op of operations) {
      const name = `${op.method.toUpperCase()} ${op.path}`;
      if (op.required === 'unauthenticated') {
        counts.unauthenticated += 1;
        continue;
      }
      const required = op.required as Permission[];
      if (required.includes('public' as Permission)) {
        counts.public += 1;
        continue;
      }
      counts.checked += 1;
      // Lacking: everything grantable that does not satisfy any required permission (RW satisfies RO).
      const lacking = GRANTABLE_PERMISSIONS.filter((p) => !required.some((r) => permissionSatisfied(new Set([p]), r)));
      const denied = await call(op, await userHolding(lacking));
      if (denied.status !== 403 || denied.body?.code !== 'PERMISSION_DENIED') {
        failures.push(
          `${name} without [${required.join('|')}]: expected 403 PERMISSION_DENIED, got ${denied.status} ${denied.text}`,
        );
      }
      for (const permission of required) {
        const allowed = await call(op, await userHolding([permission]));
        allowedStatuses.set(allowed.status, (allowedStatuses.get(allowed.status) ?? 0) + 1);
        if (allowed.status === 401 || allowed.status === 403 || allowed.status >= 500) {
          failures.push(
            `${name} with [${permission}]: expected to pass the permission check, got ${allowed.status} ${allowed.text}`,
          );
        }
      }
    }
    console.log(
      `permission matrix: ${counts.checked} operations checked both ways, ${counts.public} public and ` +
        `${counts.unauthenticated} unauthenticated operations outside the matrix; holders got ` +
        JSON.stringify(Object.fromEntries([...allowedStatuses].sort(([a], [b]) => a - b))),
    );
    expect(counts.checked).toBeGreaterThan(10);
    // Reads with real ids reach their handlers: the matrix is not all 404s.
    expect(allowedStatuses.get(200) ?? 0).toBeGreaterThan(5);
    expect(failures).toEqual([]);
  });

  it('an unauthenticated call to any permission-guarded operation answers 401', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => Array.isArray(o.required))) {
      const body = op.method === 'get' || op.method === 'delete' ? undefined : {};
      const res = await server.request<ErrorResponse>(
        op.method.toUpperCase(),
        concretePath(op),
        body === undefined ? {} : { body },
      );
      if (res.status !== 401) failures.push(`${op.method.toUpperCase()} ${op.path}: ${res.status}`);
    }
    expect(failures).toEqual([]);
  });
});
