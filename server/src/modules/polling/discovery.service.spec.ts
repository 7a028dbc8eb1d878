import type { CreateDeviceRequest, DiscoverRequest, DiscoverResponse } from '@fleetward/contracts';
import { type AccessScope, Permission } from '@fleetward/domain';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../../../test/support/fake-clock';
import { ValidationFailedError } from '../../common/errors';
import { type EdgeClient, type EdgeEndpoint, EdgeRejectedError } from '../../edge-client';
import type { AppConfig } from '../../infra/config/app-config';
import { SecretBox } from '../../infra/crypto/secret-box';
import { DeviceGroupNotFoundError } from '../device-groups/device-group.errors';
import type { DeviceGroupsService } from '../device-groups/device-groups.service';
import type { DeviceInventoryService } from '../devices/device-inventory.service';
import { DeviceEdgeNotReachedError } from '../devices/device.errors';
import type { EdgesService } from '../edges/edges.service';
import type { DiscoveryRunEntity } from './discovery-run.entity';
import { addressKey, type DiscoveryRunRepository } from './discovery-run.repository';
import { DiscoveryRejectedError, DiscoveryRunNotFoundError } from './discovery.errors';
import { DiscoveryService } from './discovery.service';

const G1 = '3f0c6a44-1b5e-4c61-9a39-0d1f2a3b4c5d';
const G2 = '7a1e2b3c-4d5e-4f60-8a9b-0c1d2e3f4a5b';
const EDGE: EdgeEndpoint = {
  id: 'e1',
  name: 'Site',
  url: 'https://127.0.0.1:5000',
  token: 't'.repeat(16),
  caPem: null,
};
const ACCESS: AccessScope = {
  userId: 'u1',
  isSuperAdmin: false,
  permissions: new Set([Permission.DeviceManagementRw]),
  deviceGroupIds: new Set([G1]),
  edgeIds: new Set(['e1']),
  allDeviceGroups: false,
  allEdges: false,
};
const identity = (model: string) => ({
  vendor: 'Acme',
  enterprise: 1,
  model,
  serialNumber: `SN-${model}`,
  firmware: null,
  sysObjectId: null,
  sysDescr: null,
  sysName: null,
  sysLocation: null,
  sysContact: null,
  uptimeSeconds: null,
});

/** Fakes: runs and devices in memory; the edge answers with two devices found with the second credential. */
function setup(options: { edgeRejects?: boolean; createFails?: string } = {}) {
  const clock = new FakeClock('2026-05-04T08:00:00.000Z');
  const box = new SecretBox({ primaryKey: Buffer.alloc(32, 7) });
  const runs = new Map<string, DiscoveryRunEntity>();
  const devices: { host: string; port: number }[] = [{ host: '10.0.0.3', port: 161 }];
  const sent: DiscoverRequest[] = [];
  const created: CreateDeviceRequest[] = [];
  const repo = {
    insert: (run: DiscoveryRunEntity) => Promise.resolve(void runs.set(run.id, run)),
    findLive: (edgeId: string, id: string, now: Date) => {
      const run = runs.get(id);
      return Promise.resolve(run && run.edgeId === edgeId && run.expiresAt > now ? run : null);
    },
    deleteExpired: (now: Date) => {
      let n = 0;
      for (const [id, run] of runs) if (run.expiresAt <= now && runs.delete(id)) n++;
      return Promise.resolve(n);
    },
    existingAddresses: () => Promise.resolve(new Set(devices.map((d) => addressKey(d.host, d.port)))),
  };
  const client = {
    discover: (_edge: EdgeEndpoint, body: DiscoverRequest): Promise<DiscoverResponse> => {
      sent.push(body);
      if (options.edgeRejects) return Promise.reject(new EdgeRejectedError('Site', 400, 'bad range'));
      return Promise.resolve({
        range: body.range,
        scanned: 8,
        durationMs: 5,
        devices: ['10.0.0.1', '10.0.0.2', '10.0.0.3'].map((host, i) => ({
          host,
          port: 161,
          credentialIndex: 1,
          snmpVersion: '2c' as const,
          identity: identity(`M${i + 1}`),
          driver: { driverId: 'generic', family: 'generic', matched: 'fallback' } as never,
        })),
      });
    },
  };
  const edges = {
    assertInScope: () => Promise.resolve(),
    connectableEdges: () => Promise.resolve({ usable: [EDGE], broken: [] }),
    markSeen: () => Promise.resolve(),
  };
  const groups = {
    existingIdsInScope: (_s: AccessScope, ids: readonly string[]) =>
      Promise.resolve(new Set(ids.filter((id) => id === G1))),
  };
  const inventory = {
    create: (request: CreateDeviceRequest) => {
      if (options.createFails === request.address) return Promise.reject(new DeviceEdgeNotReachedError('x'));
      created.push(request);
      devices.push({ host: request.address, port: request.port ?? 161 });
      return Promise.resolve({ id: `dev-${request.address}` });
    },
  };
  const sut = new DiscoveryService(
    { polling: { tickSeconds: 0 } } as AppConfig,
    repo as unknown as DiscoveryRunRepository,
    edges as unknown as EdgesService,
    groups as unknown as DeviceGroupsService,
    inventory as unknown as DeviceInventoryService,
    client as unknown as EdgeClient,
    box,
    clock,
  );
  return { sut, clock, runs, sent, created, box };
}

const BODY = {
  range: '10.0.0.0/29',
  credentials: [
    { version: '2c', community: 'first-community' },
    { version: '2c', community: 'second-community' },
  ],
};

describe('DiscoveryService', () => {
  it('stores a run with the credentials encrypted and marks addresses already on the edge', async () => {
    const { sut, runs, sent, box } = setup();
    const run = await sut.start('e1', BODY, ACCESS);
    expect(sent).toEqual([BODY]);
    expect(run.devices.map((d) => [d.host, d.credentialIndex, d.model, d.alreadyAdded])).toEqual([
      ['10.0.0.1', 1, 'M1', false],
      ['10.0.0.2', 1, 'M2', false],
      ['10.0.0.3', 1, 'M3', true],
    ]);
    expect(run.expiresAt).toBe('2026-05-05T08:00:00.000Z');
    const stored = runs.get(run.id)!;
    expect(stored.credentialsEncrypted).not.toContain('second-community');
    expect(JSON.parse(box.decrypt(stored.credentialsEncrypted))).toEqual(BODY.credentials);
    expect(JSON.stringify(run)).not.toContain('community');
  });

  it('names each bad field, credentials by index', async () => {
    const { sut, sent } = setup();
    const error = await sut
      .start('e1', { range: '', credentials: [{ version: '2c', community: 'ok' }, { version: '3' }] }, ACCESS)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationFailedError);
    expect((error as ValidationFailedError).details?.map((d) => d.field)).toEqual(
      expect.arrayContaining(['range', 'credentials.1.user', 'credentials.1.level']),
    );
    expect(sent).toEqual([]);
  });

  it('a range the edge refuses is a 400 DISCOVERY_REJECTED', async () => {
    const { sut } = setup({ edgeRejects: true });
    await expect(sut.start('e1', BODY, ACCESS)).rejects.toBeInstanceOf(DiscoveryRejectedError);
  });

  it('adopts with the credential that answered; reports already added, not discovered and refused hosts', async () => {
    const { sut, created } = setup({ createFails: '10.0.0.2' });
    const run = await sut.start('e1', BODY, ACCESS);
    const answer = await sut.adopt(
      'e1',
      run.id,
      {
        hosts: [
          { host: '10.0.0.1', port: 161 },
          { host: '10.0.0.1', port: 161 },
          { host: '10.0.0.2', port: 161 },
          { host: '10.0.0.3', port: 161 },
          { host: '10.0.0.9', port: 161 },
        ],
        groupIds: [G1],
        namePrefix: 'HQ ',
      },
      ACCESS,
    );
    expect(answer.results.map((r) => [r.host, r.ok, r.deviceId ?? r.error?.code])).toEqual([
      ['10.0.0.1', true, 'dev-10.0.0.1'],
      ['10.0.0.1', false, 'DEVICE_ALREADY_ADDED'],
      ['10.0.0.2', false, 'DEVICE_EDGE_NOT_REACHED'],
      ['10.0.0.3', false, 'DEVICE_ALREADY_ADDED'],
      ['10.0.0.9', false, 'NOT_DISCOVERED'],
    ]);
    expect(created).toEqual([
      {
        name: 'HQ M1 10.0.0.1',
        address: '10.0.0.1',
        port: 161,
        edgeId: 'e1',
        groupIds: [G1],
        snmp: { version: '2c', community: 'second-community' },
      },
    ]);
  });

  it('refuses groups outside the caller’s scope before creating anything', async () => {
    const { sut, created } = setup();
    const run = await sut.start('e1', BODY, ACCESS);
    await expect(
      sut.adopt('e1', run.id, { hosts: [{ host: '10.0.0.1', port: 161 }], groupIds: [G1, G2] }, ACCESS),
    ).rejects.toBeInstanceOf(DeviceGroupNotFoundError);
    expect(created).toEqual([]);
  });

  it('an expired run is gone with its credentials', async () => {
    const { sut, clock, runs } = setup();
    const run = await sut.start('e1', BODY, ACCESS);
    clock.advanceMinutes(24 * 60 - 1);
    await expect(sut.get('e1', run.id, ACCESS)).resolves.toMatchObject({ id: run.id });
    clock.advanceMinutes(1);
    expect(await sut.purgeExpired()).toBe(1);
    expect(runs.size).toBe(0);
    await expect(sut.get('e1', run.id, ACCESS)).rejects.toBeInstanceOf(DiscoveryRunNotFoundError);
  });
});
