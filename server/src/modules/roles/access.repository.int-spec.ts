import { Permission } from '@fleetward/domain';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseConfig } from '../../infra/config/app-config';
import { newId } from '../../infra/database/column-types';
import { buildDataSourceOptions } from '../../infra/database/data-source-options';
import { MIGRATIONS } from '../../infra/database/migrations';
import { CreateAccessTables1764000001000 } from '../../infra/database/migrations/1764000001000-create-access-tables';
import { isUniqueViolation } from '../../infra/database/unique-violation';
import { DeviceGroupEntity } from '../device-groups/device-group.entity';
import { DeviceGroupRepository } from '../device-groups/device-group.repository';
import { DeviceEntity, DeviceGroupMemberEntity } from '../devices/device.entity';
import { DeviceRepository } from '../devices/device.repository';
import { EdgeEntity } from '../edges/edge.entity';
import { EdgeRepository } from '../edges/edge.repository';
import { UserEntity } from '../users/user.entity';
import { FULL_GRANTS, type RoleGrants } from './role-grants';
import {
  RoleAdministratorEntity,
  RoleDeviceGroupEntity,
  RoleEdgeEntity,
  RoleEntity,
  RoleMemberEntity,
  RolePermissionEntity,
} from './role.entity';
import { RoleRepository } from './role.repository';

/**
 * The access tables on a real database with the real migrations: SQLite file always, PostgreSQL in a
 * fresh schema when DATABASE_URL is set. Checks round trips, cascades and the unique-name guard.
 */
const ENTITIES = [
  UserEntity,
  RoleEntity,
  RolePermissionEntity,
  RoleDeviceGroupEntity,
  RoleEdgeEntity,
  RoleMemberEntity,
  RoleAdministratorEntity,
  DeviceGroupEntity,
  DeviceEntity,
  DeviceGroupMemberEntity,
  EdgeEntity,
];
const NOW = new Date('2026-01-15T09:00:00.000Z');
const ALL = { allDeviceGroups: true, deviceGroupIds: new Set<string>() };

describe('access tables on a real database', () => {
  let dir: string;
  let db: DataSource;
  let pgSchema: string | undefined;
  const pgUrl = process.env.DATABASE_URL;
  let roles: RoleRepository;
  let groups: DeviceGroupRepository;
  let devices: DeviceRepository;
  let edges: EdgeRepository;

  async function addUser(username: string, isSuperAdmin = false): Promise<string> {
    const id = newId();
    await db.getRepository(UserEntity).insert({
      id,
      username,
      usernameNormalized: username,
      displayName: username,
      emailEncrypted: null,
      emailHmac: null,
      passwordHash: 'not-a-real-hash',
      isSuperAdmin,
      disabled: false,
      mustChangePassword: false,
      lastLoginAt: null,
      createdAt: NOW,
      updatedAt: NOW,
    });
    return id;
  }

  function grants(partial: Partial<RoleGrants>): RoleGrants {
    return {
      permissions: new Set(),
      allDeviceGroups: false,
      deviceGroupIds: new Set(),
      allEdges: false,
      edgeIds: new Set(),
      ...partial,
    };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'fleetward-access-'));
    let config: DatabaseConfig;
    if (pgUrl) {
      pgSchema = `fw_access_${randomBytes(5).toString('hex')}`;
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`CREATE SCHEMA "${pgSchema}"`);
      await admin.destroy();
      config = { type: 'postgres', url: pgUrl, schema: pgSchema };
    } else {
      config = { type: 'sqlite', file: path.join(dir, 'access.sqlite') };
    }
    db = new DataSource({ ...buildDataSourceOptions(config), entities: ENTITIES });
    await db.initialize();
    roles = new RoleRepository(db);
    groups = new DeviceGroupRepository(db);
    devices = new DeviceRepository(db);
    edges = new EdgeRepository(db);
  });

  afterAll(async () => {
    await db?.destroy();
    if (pgUrl && pgSchema) {
      const admin = new DataSource({ type: 'postgres', url: pgUrl });
      await admin.initialize();
      await admin.query(`DROP SCHEMA IF EXISTS "${pgSchema}" CASCADE`);
      await admin.destroy();
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores a role with its functions, groups, edges, members and administrators, and reads it back', async () => {
    const alice = await addUser('alice');
    const group = newId();
    await groups.insert({ id: group, name: 'Site 1', description: '', now: NOW });
    const edge = newId();
    await edges.insert({ id: edge, name: 'edge-1', now: NOW });
    const id = newId();
    await roles.insert({
      id,
      name: 'Site 1 operators',
      description: 'd',
      builtIn: false,
      grants: grants({
        permissions: new Set([Permission.DeviceManagementRo]),
        deviceGroupIds: new Set([group]),
        edgeIds: new Set([edge]),
      }),
      administratorIds: [alice],
      memberIds: [alice],
      now: NOW,
    });
    const role = (await roles.findById(id))!;
    expect(role).toMatchObject({ name: 'Site 1 operators', builtIn: false, allDeviceGroups: false, createdAt: NOW });
    expect([...role.permissions]).toEqual([Permission.DeviceManagementRo]);
    expect([...role.deviceGroupIds]).toEqual([group]);
    expect([...role.edgeIds]).toEqual([edge]);
    expect([...role.memberIds]).toEqual([alice]);
    expect((await roles.findByMember(alice)).map((r) => r.id)).toEqual([id]);
    expect((await roles.roleIdsByUser([alice, 'nobody'])).get('nobody')).toEqual([]);
    expect(await roles.existingDeviceGroupIds([group, newId()])).toEqual(new Set([group]));
    expect(await roles.existingEdgeIds([edge])).toEqual(new Set([edge]));
  });

  it('a second role whose name differs only in case hits the unique index and becomes ROLE_NAME_TAKEN', async () => {
    const base = { description: '', builtIn: false, grants: grants({}), administratorIds: [], memberIds: [], now: NOW };
    await roles.insert({ ...base, id: newId(), name: 'Printers' });
    await expect(roles.insert({ ...base, id: newId(), name: 'PRINTERS' })).rejects.toMatchObject({
      code: 'ROLE_NAME_TAKEN',
      status: 409,
    });
    const raw = await db
      .getRepository(EdgeEntity)
      .insert({ id: newId(), name: 'x', nameNormalized: 'edge-1', createdAt: NOW, updatedAt: NOW })
      .catch((e: unknown) => e);
    expect(isUniqueViolation(raw)).toBe(true);
    expect(isUniqueViolation(new Error('other'))).toBe(false);
  });

  it('the built-in role keeps all flags, and super admins are found by their flag', async () => {
    const root = await addUser('root', true);
    await roles.insert({
      id: newId(),
      name: 'Super Admin',
      description: '',
      builtIn: true,
      grants: FULL_GRANTS,
      administratorIds: [root],
      memberIds: [root],
      now: NOW,
    });
    const builtIn = (await roles.findBuiltIn())!;
    expect(builtIn).toMatchObject({ builtIn: true, allDeviceGroups: true, allEdges: true });
    expect(builtIn.permissions.size).toBe(FULL_GRANTS.permissions.size);
    expect(await roles.superAdminUserIds()).toEqual([root]);
  });

  it('deleting a user removes his member and administrator rows (ON DELETE CASCADE)', async () => {
    const bob = await addUser('bob');
    const id = newId();
    await roles.insert({
      id,
      name: 'Bob role',
      description: '',
      builtIn: false,
      grants: grants({}),
      administratorIds: [bob],
      memberIds: [bob],
      now: NOW,
    });
    await db.getRepository(UserEntity).delete({ id: bob });
    const role = (await roles.findById(id))!;
    expect(role.memberIds.size + role.administratorIds.size).toBe(0);
  });

  it('deleting a group removes it from roles and memberships, keeps the devices; scoped reads follow', async () => {
    const g = newId();
    await groups.insert({ id: g, name: 'Doomed', description: '', now: NOW });
    const device = newId();
    await devices.insert({ id: device, name: 'mfp', address: '127.1.0.1', edgeId: null, groupIds: [g], now: NOW });
    const roleId = newId();
    await roles.insert({
      id: roleId,
      name: 'Doomed role',
      description: '',
      builtIn: false,
      grants: grants({ deviceGroupIds: new Set([g]) }),
      administratorIds: [],
      memberIds: [],
      now: NOW,
    });
    const scope = { allDeviceGroups: false, deviceGroupIds: new Set([g]) };
    expect((await groups.findInScope(scope, g))?.deviceCount).toBe(1);
    expect((await devices.pageInScope(scope, { page: 1, pageSize: 10 })).items.map((d) => d.id)).toEqual([device]);
    await groups.delete(g);
    expect((await roles.findById(roleId))!.deviceGroupIds.size).toBe(0);
    expect(await devices.findInScope(scope, device)).toBeNull();
    expect((await devices.findInScope(ALL, device))?.groupIds).toEqual([]);
    expect(await groups.listInScope({ allDeviceGroups: false, deviceGroupIds: new Set() })).toEqual([]);
  });

  it('device search escapes LIKE wildcards', async () => {
    await devices.insert({
      id: newId(),
      name: '100%_sure',
      address: 'a.example.test',
      edgeId: null,
      groupIds: [],
      now: NOW,
    });
    await devices.insert({
      id: newId(),
      name: '100 percent',
      address: 'b.example.test',
      edgeId: null,
      groupIds: [],
      now: NOW,
    });
    const hit = await devices.pageInScope(ALL, { page: 1, pageSize: 10, search: '%_' });
    expect(hit.items.map((d) => d.name)).toEqual(['100%_sure']);
  });

  it('the migration reverts and re-applies cleanly', async () => {
    const hasRoles = async (): Promise<boolean> => {
      const runner = db.createQueryRunner();
      try {
        return await runner.hasTable('roles');
      } finally {
        await runner.release();
      }
    };
    // Later migrations build on these tables: revert them first (newest first), then this one.
    const later = MIGRATIONS.length - MIGRATIONS.indexOf(CreateAccessTables1764000001000);
    for (let i = 0; i < later; i += 1) await db.undoLastMigration();
    expect(await hasRoles()).toBe(false);
    await db.runMigrations();
    expect(await hasRoles()).toBe(true);
  });
});
