/* eslint-disable no-restricted-imports -- fakes mirror server repositories; server code has no path alias. */
import { type DeviceGroupScope, groupIdsInScope } from '../../../server/src/modules/device-groups/device-group-scope';
import { DeviceGroupNameTakenError } from '../../../server/src/modules/device-groups/device-group.errors';
import type {
  DeviceGroupRecord,
  DeviceGroupRepository,
} from '../../../server/src/modules/device-groups/device-group.repository';
import type {
  DevicePageQuery,
  DeviceRecord,
  DeviceRepository,
} from '../../../server/src/modules/devices/device.repository';
import type { EdgeScope } from '../../../server/src/modules/edges/edge-scope';
import { EdgeNameTakenError } from '../../../server/src/modules/edges/edge.errors';
import type {
  EdgeConnectionRecord,
  EdgeConnectionUpdate,
  EdgeRecord,
  EdgeRepository,
} from '../../../server/src/modules/edges/edge.repository';
import type { FakeRoleRepository } from './fake-role.repository';

type PublicOf<T> = { [K in keyof T]: T[K] };

interface StoredGroup {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

interface StoredDevice {
  id: string;
  name: string;
  address: string;
  edgeId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** Shared in-memory tables behind the fakes (groups, devices, memberships, edges). */
export class FakeAccessWorld {
  readonly groups = new Map<string, StoredGroup>();
  readonly devices = new Map<string, StoredDevice>();
  /** `${groupId}|${deviceId}` */
  readonly memberships = new Set<string>();
  readonly edges = new Map<string, EdgeRecord>();

  constructor(readonly roles: FakeRoleRepository) {}

  groupsOfDevice(deviceId: string): string[] {
    return [...this.memberships]
      .map((m) => m.split('|') as [string, string])
      .filter(([, d]) => d === deviceId)
      .map(([g]) => g)
      .sort();
  }

  deviceVisible(scope: DeviceGroupScope, deviceId: string): boolean {
    return scope.allDeviceGroups || groupIdsInScope(scope, this.groupsOfDevice(deviceId)).length > 0;
  }
}

export class FakeDeviceGroupRepository implements PublicOf<DeviceGroupRepository> {
  constructor(private readonly world: FakeAccessWorld) {}

  listInScope(scope: DeviceGroupScope): Promise<DeviceGroupRecord[]> {
    const ids = groupIdsInScope(scope, this.world.groups.keys());
    return Promise.resolve(ids.map((id) => this.record(id)).sort((a, b) => a.name.localeCompare(b.name)));
  }

  findInScope(scope: DeviceGroupScope, id: string): Promise<DeviceGroupRecord | null> {
    return Promise.resolve(
      this.world.groups.has(id) && groupIdsInScope(scope, [id]).length === 1 ? this.record(id) : null,
    );
  }

  existingIdsInScope(scope: DeviceGroupScope, ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(new Set(groupIdsInScope(scope, ids).filter((id) => this.world.groups.has(id))));
  }

  findIdByName(name: string): Promise<string | null> {
    const wanted = name.trim().toLowerCase();
    return Promise.resolve([...this.world.groups.values()].find((g) => g.name.toLowerCase() === wanted)?.id ?? null);
  }

  async insert(group: { id: string; name: string; description: string; now: Date }): Promise<void> {
    if ((await this.findIdByName(group.name)) !== null) throw new DeviceGroupNameTakenError(group.name);
    this.world.groups.set(group.id, {
      id: group.id,
      name: group.name.trim(),
      description: group.description,
      createdAt: group.now,
      updatedAt: group.now,
    });
    this.world.roles.deviceGroupIds.add(group.id);
  }

  update(id: string, patch: { name?: string; description?: string; now: Date }): Promise<void> {
    const group = this.world.groups.get(id);
    if (group) {
      if (patch.name !== undefined) group.name = patch.name.trim();
      if (patch.description !== undefined) group.description = patch.description;
      group.updatedAt = patch.now;
    }
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.world.groups.delete(id);
    this.world.roles.deviceGroupIds.delete(id);
    for (const m of [...this.world.memberships]) if (m.startsWith(`${id}|`)) this.world.memberships.delete(m);
    for (const role of this.world.roles.roles.values()) role.deviceGroupIds.delete(id);
    return Promise.resolve();
  }

  private record(id: string): DeviceGroupRecord {
    const group = this.world.groups.get(id)!;
    const deviceCount = [...this.world.memberships].filter((m) => m.startsWith(`${id}|`)).length;
    return { ...group, deviceCount };
  }
}

export class FakeDeviceRepository implements PublicOf<DeviceRepository> {
  constructor(private readonly world: FakeAccessWorld) {}

  pageInScope(scope: DeviceGroupScope, query: DevicePageQuery): Promise<{ items: DeviceRecord[]; total: number }> {
    const search = query.search?.trim().toLowerCase();
    const all = [...this.world.devices.values()]
      .filter((d) => this.world.deviceVisible(scope, d.id))
      .filter((d) => query.groupId === undefined || this.world.memberships.has(`${query.groupId}|${d.id}`))
      .filter((d) => !search || d.name.toLowerCase().includes(search) || d.address.toLowerCase().includes(search))
      .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
    const start = (query.page - 1) * query.pageSize;
    return Promise.resolve({
      items: all.slice(start, start + query.pageSize).map((d) => this.record(d)),
      total: all.length,
    });
  }

  findInScope(scope: DeviceGroupScope, id: string): Promise<DeviceRecord | null> {
    const device = this.world.devices.get(id);
    return Promise.resolve(device && this.world.deviceVisible(scope, id) ? this.record(device) : null);
  }

  existingIdsInScope(scope: DeviceGroupScope, ids: readonly string[]): Promise<Set<string>> {
    return Promise.resolve(
      new Set(ids.filter((id) => this.world.devices.has(id) && this.world.deviceVisible(scope, id))),
    );
  }

  insert(device: {
    id: string;
    name: string;
    address: string;
    edgeId: string | null;
    groupIds: readonly string[];
    now: Date;
  }): Promise<void> {
    this.world.devices.set(device.id, {
      id: device.id,
      name: device.name,
      address: device.address,
      edgeId: device.edgeId,
      createdAt: device.now,
      updatedAt: device.now,
    });
    device.groupIds.forEach((g) => this.world.memberships.add(`${g}|${device.id}`));
    return Promise.resolve();
  }

  delete(id: string): Promise<void> {
    this.world.devices.delete(id);
    for (const m of [...this.world.memberships]) if (m.endsWith(`|${id}`)) this.world.memberships.delete(m);
    return Promise.resolve();
  }

  addToGroup(groupId: string, deviceIds: readonly string[]): Promise<number> {
    let added = 0;
    for (const id of new Set(deviceIds)) {
      const key = `${groupId}|${id}`;
      if (!this.world.memberships.has(key)) {
        this.world.memberships.add(key);
        added += 1;
      }
    }
    return Promise.resolve(added);
  }

  removeFromGroup(groupId: string, deviceId: string): Promise<boolean> {
    return Promise.resolve(this.world.memberships.delete(`${groupId}|${deviceId}`));
  }

  private record(device: StoredDevice): DeviceRecord {
    return { ...device, groupIds: this.world.groupsOfDevice(device.id) };
  }
}

export class FakeEdgeRepository implements PublicOf<EdgeRepository> {
  constructor(private readonly world: FakeAccessWorld) {}

  listInScope(scope: EdgeScope): Promise<EdgeRecord[]> {
    return Promise.resolve(
      [...this.world.edges.values()]
        .filter((e) => scope.allEdges || scope.edgeIds.has(e.id))
        .sort((a, b) => a.name.localeCompare(b.name)),
    );
  }

  findInScope(scope: EdgeScope, id: string): Promise<EdgeRecord | null> {
    const edge = this.world.edges.get(id);
    return Promise.resolve(edge && (scope.allEdges || scope.edgeIds.has(id)) ? edge : null);
  }

  findIdByName(name: string): Promise<string | null> {
    const wanted = name.trim().toLowerCase();
    return Promise.resolve([...this.world.edges.values()].find((e) => e.name.toLowerCase() === wanted)?.id ?? null);
  }

  async insert(edge: { id: string; name: string; now: Date }): Promise<void> {
    if ((await this.findIdByName(edge.name)) !== null) throw new EdgeNameTakenError(edge.name);
    this.world.edges.set(edge.id, { id: edge.id, name: edge.name.trim() });
    this.world.roles.edgeIds.add(edge.id);
  }

  // Connection settings and last contact (polling): kept per edge beside the world's records.
  private readonly connections = new Map<string, Omit<EdgeConnectionRecord, 'id' | 'name'>>();

  findConnection(id: string): Promise<EdgeConnectionRecord | null> {
    const edge = this.world.edges.get(id);
    return Promise.resolve(edge ? { ...edge, ...this.connectionOf(id) } : null);
  }

  async listConnectable(): Promise<EdgeConnectionRecord[]> {
    const all = await Promise.all([...this.world.edges.keys()].map((id) => this.findConnection(id)));
    return all.filter(
      (e): e is EdgeConnectionRecord =>
        e !== null && e.url !== null && (e.tokenEncrypted !== null || e.activatedAt !== null),
    );
  }

  async listActivated(): Promise<EdgeConnectionRecord[]> {
    return (await this.listConnectable()).filter((e) => e.activatedAt !== null);
  }

  async listConnections(scope: EdgeScope): Promise<EdgeConnectionRecord[]> {
    const edges = await this.listInScope(scope);
    return edges.map((e) => ({ ...e, ...this.connectionOf(e.id) }));
  }

  deviceCounts(): Promise<Map<string, number>> {
    return Promise.resolve(new Map<string, number>());
  }

  // Activation codes: hash → edge id and expiry.
  private readonly codes = new Map<string, { edgeId: string; expiresAt: Date }>();

  setActivationCode(id: string, codeHash: string, expiresAt: Date): Promise<void> {
    for (const [hash, code] of this.codes) if (code.edgeId === id) this.codes.delete(hash);
    this.codes.set(codeHash, { edgeId: id, expiresAt });
    return Promise.resolve();
  }

  consumeActivationCode(codeHash: string, now: Date): Promise<string | null> {
    const code = this.codes.get(codeHash);
    this.codes.delete(codeHash);
    return Promise.resolve(code && code.expiresAt > now ? code.edgeId : null);
  }

  recordActivation(id: string, activation: { url: string; version: string; now: Date }): Promise<void> {
    this.connections.set(id, {
      ...this.connectionOf(id),
      url: activation.url,
      version: activation.version,
      activatedAt: activation.now,
      lastSeenAt: activation.now,
      tokenEncrypted: null,
      caPem: null,
    });
    return Promise.resolve();
  }

  async rename(id: string, name: string): Promise<void> {
    const other = await this.findIdByName(name);
    if (other !== null && other !== id) throw new EdgeNameTakenError(name);
    const edge = this.world.edges.get(id);
    if (edge) this.world.edges.set(id, { ...edge, name: name.trim() });
  }

  delete(id: string): Promise<void> {
    this.world.edges.delete(id);
    return Promise.resolve();
  }

  updateConnection(id: string, update: EdgeConnectionUpdate): Promise<void> {
    this.connections.set(id, { ...this.connectionOf(id), ...update });
    return Promise.resolve();
  }

  markSeen(id: string, now: Date, version?: string): Promise<void> {
    const current = this.connectionOf(id);
    this.connections.set(id, {
      ...current,
      lastSeenAt: now,
      lastError: null,
      lastErrorAt: null,
      version: version ?? current.version,
    });
    return Promise.resolve();
  }

  markFailed(id: string, now: Date, message: string): Promise<void> {
    this.connections.set(id, { ...this.connectionOf(id), lastError: message, lastErrorAt: now });
    return Promise.resolve();
  }

  private readonly cursors = new Map<string, string>();

  deviceEventsCursor(id: string): Promise<string | null> {
    return Promise.resolve(this.cursors.get(id) ?? null);
  }

  saveDeviceEventsCursor(id: string, cursor: string): Promise<void> {
    this.cursors.set(id, cursor);
    return Promise.resolve();
  }

  private connectionOf(id: string): Omit<EdgeConnectionRecord, 'id' | 'name'> {
    return (
      this.connections.get(id) ?? {
        url: null,
        tokenEncrypted: null,
        caPem: null,
        version: null,
        lastSeenAt: null,
        lastErrorAt: null,
        lastError: null,
        activatedAt: null,
      }
    );
  }
}
