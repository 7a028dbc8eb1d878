import type { SettingsApplyRequest, SettingsApplyResponse, SettingValues, SnmpCredentials } from '@fleetward/contracts';
import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { EdgeUnreachableError } from '../../edge-client';
import type { AppConfig } from '../../infra/config/app-config';
import type { TemplatesService } from '../templates/templates.service';
import type { FollowedCredentials } from './credential-follow';
import type { DeliveriesService } from './deliveries.service';
import { DeliveryRunner } from './delivery-runner';
import type { DeliveryDeviceEntity, DeliveryEntity } from './delivery.entity';
import type { DeliveryRepository } from './delivery.repository';
import type { DeviceSettingsService, ResolvedSettingsDevice } from './device-settings.service';

const T0 = new Date('2026-01-01T00:00:00.000Z');
const VALUES: SettingValues = { 'security.adminPassword': 'New-Password-1', 'time.timeZone': 'UTC' };

/** In-memory stand-ins for the runner's collaborators (unit test: no database, no edge). */
function harness(options: { visible?: boolean; snmp?: SnmpCredentials; values?: SettingValues } = {}) {
  const values = options.values ?? VALUES;
  const deliveries = new Map<string, DeliveryEntity>();
  const rows = new Map<string, DeliveryDeviceEntity>();
  const applies: SettingsApplyRequest[] = [];
  const remembered: FollowedCredentials[] = [];
  let answer: (req: SettingsApplyRequest) => SettingsApplyResponse = (req) => ({
    ok: true,
    operationId: req.operationId,
    replayed: false,
    driver: { id: 'x', family: 'i-series' },
    appliedAt: T0.toISOString(),
    settings: Object.keys(req.settings).map((key) => ({ key: key as 'time.timeZone', status: 'applied' })),
  });
  const repo = {
    dueRuns: (now: Date) =>
      Promise.resolve(
        [...deliveries.values()].filter(
          (d) => ['scheduled', 'running'].includes(d.status) && d.nextRunAt && d.nextRunAt <= now,
        ),
      ),
    find: (id: string) => Promise.resolve(deliveries.get(id) ?? null),
    update: (id: string, changes: Partial<DeliveryEntity>) => {
      Object.assign(deliveries.get(id)!, changes);
      return Promise.resolve();
    },
    startRun: (id: string, changes: Partial<DeliveryEntity>, devices: Omit<DeliveryDeviceEntity, 'deliveryId'>[]) => {
      Object.assign(deliveries.get(id)!, changes);
      for (const d of devices) rows.set(d.id, { ...d, deliveryId: id });
      return Promise.resolve();
    },
    dueRows: (now: Date) =>
      Promise.resolve(
        [...rows.values()].filter(
          (r) =>
            r.status === 'sending' ||
            (['pending', 'failed', 'unreachable', 'partiallyApplied'].includes(r.status) &&
              r.nextAttemptAt != null &&
              r.nextAttemptAt <= now),
        ),
      ),
    updateRow: (id: string, changes: Partial<DeliveryDeviceEntity>) => {
      Object.assign(rows.get(id)!, changes);
      return Promise.resolve();
    },
    // The transaction is the database's; here the outcome and what it changed are recorded in order.
    finishRow: async (
      id: string,
      changes: Partial<DeliveryDeviceEntity>,
      also: ((em: EntityManager) => Promise<void>) | null,
    ) => {
      Object.assign(rows.get(id)!, changes);
      if (also) await also({} as EntityManager);
    },
    hasOpenRows: (id: string) =>
      Promise.resolve(
        [...rows.values()].some(
          (r) => r.deliveryId === id && (['pending', 'sending'].includes(r.status) || r.nextAttemptAt != null),
        ),
      ),
  };
  const service = {
    creatorAccess: () => Promise.resolve({}),
    expandTargets: () => Promise.resolve(['dev-1']),
    visible: () => Promise.resolve(options.visible ?? true),
  };
  const templates = {
    versionValues: () =>
      Promise.resolve({ templateId: 't', templateName: 'T', version: 1, keys: Object.keys(values), values }),
  };
  const device: ResolvedSettingsDevice = {
    deviceId: 'dev-1',
    name: 'mfp',
    edge: null,
    target: { host: '127.24.9.9', snmp: options.snmp ?? { version: '2c', community: 'public' }, access: {} },
  };
  const settings = {
    resolve: () => Promise.resolve(device),
    apply: (_d: ResolvedSettingsDevice, operationId: string, values: SettingValues) => {
      const req: SettingsApplyRequest = { operationId, target: device.target, settings: values };
      applies.push(req);
      return Promise.resolve(answer(req));
    },
    storeFollowed: (_em: EntityManager, _id: string, followed: FollowedCredentials) => {
      remembered.push(followed);
      return Promise.resolve();
    },
  };
  const clock = { now: () => T0 };
  const sut = new DeliveryRunner(
    { deliveries: { tickSeconds: 0 } } as AppConfig,
    clock,
    repo as unknown as DeliveryRepository,
    service as unknown as DeliveriesService,
    templates as unknown as TemplatesService,
    settings as unknown as DeviceSettingsService,
  );
  const addDelivery = (over: Partial<DeliveryEntity> = {}): DeliveryEntity => {
    const d: DeliveryEntity = {
      id: 'del-1',
      templateId: 't',
      templateVersion: 1,
      status: 'scheduled',
      schedule: null,
      nextRunAt: T0,
      runs: 0,
      deviceIds: '["dev-1"]',
      groupIds: '[]',
      retryMaxAttempts: 2,
      retryBackoffSeconds: 60,
      acceptAccessLoss: false,
      createdBy: 'u',
      createdAt: T0,
      updatedAt: T0,
      ...over,
    };
    deliveries.set(d.id, d);
    return d;
  };
  return {
    sut,
    deliveries,
    rows,
    applies,
    remembered,
    addDelivery,
    answerWith: (fn: typeof answer) => {
      answer = fn;
    },
  };
}

describe('DeliveryRunner (state machine with fakes)', () => {
  it('pending → sending → applied; the delivery completes and the new admin password is remembered', async () => {
    const h = harness();
    h.addDelivery();
    const summary = await h.sut.runDue(T0);
    expect(summary).toMatchObject({ runsStarted: 1, sent: { applied: 1 }, replayed: 0 });
    const [row] = [...h.rows.values()];
    expect(row).toMatchObject({
      status: 'applied',
      attempts: 1,
      operationId: 'dlv:del-1:1:dev-1:1',
      nextAttemptAt: null,
    });
    expect(h.applies[0]?.settings).toEqual(VALUES);
    expect(h.remembered).toEqual([{ adminPassword: 'New-Password-1', changes: ['admin-password'] }]);
    expect(h.deliveries.get('del-1')?.status).toBe('completed');
  });

  it('a row left "sending" by a crash is asked again with the same operation id and not counted as a new attempt', async () => {
    const h = harness();
    h.addDelivery({ status: 'running', runs: 1, nextRunAt: null });
    h.rows.set('r1', {
      id: 'r1',
      deliveryId: 'del-1',
      run: 1,
      deviceId: 'dev-1',
      status: 'sending',
      attempts: 1,
      operationId: 'dlv:del-1:1:dev-1:1',
      sentKeys: '[]',
      outcomes: null,
      errorCode: null,
      errorMessage: null,
      nextAttemptAt: null,
      startedAt: T0,
      finishedAt: null,
      updatedAt: T0,
    });
    h.answerWith((req) => ({
      ok: true,
      operationId: req.operationId,
      replayed: true,
      driver: { id: 'x', family: 'i-series' },
      appliedAt: T0.toISOString(),
      settings: [{ key: 'time.timeZone', status: 'applied' }],
    }));
    const summary = await h.sut.runDue(T0);
    expect(summary).toMatchObject({ sent: { applied: 1 }, replayed: 1 });
    expect(h.applies.map((a) => a.operationId)).toEqual(['dlv:del-1:1:dev-1:1']);
    expect(h.rows.get('r1')).toMatchObject({ status: 'applied', attempts: 1 });
  });

  it('retries by policy with a new operation id after a known failure, and the same id after a lost connection', async () => {
    const h = harness();
    h.addDelivery({ retryMaxAttempts: 3 });
    h.answerWith((req) => ({
      ok: false,
      operationId: req.operationId,
      replayed: false,
      error: { code: 'DEVICE_UNREACHABLE', message: 'no answer' },
      settings: [],
    }));
    await h.sut.runDue(T0);
    const row = [...h.rows.values()][0]!;
    expect(row).toMatchObject({ status: 'unreachable', attempts: 1 });
    expect(row.nextAttemptAt?.toISOString()).toBe('2026-01-01T00:01:00.000Z');
    expect((await h.sut.runDue(T0)).sent).toEqual({}); // backoff not over

    const later = new Date(T0.getTime() + 60_000);
    h.answerWith(() => {
      throw new EdgeUnreachableError('edge', 'connection reset');
    });
    await h.sut.runDue(later);
    expect(row).toMatchObject({ status: 'unreachable', attempts: 2, errorCode: 'EDGE_UNREACHABLE' });
    expect(h.applies.map((a) => a.operationId)).toEqual(['dlv:del-1:1:dev-1:1', 'dlv:del-1:1:dev-1:2']);

    h.answerWith((req) => ({
      ok: true,
      operationId: req.operationId,
      replayed: false,
      driver: { id: 'x', family: 'i-series' },
      appliedAt: T0.toISOString(),
      settings: [{ key: 'time.timeZone', status: 'applied' }],
    }));
    await h.sut.runDue(new Date(later.getTime() + 60_000));
    // The second attempt's outcome was unknown: the third asks the edge with the same id.
    expect(h.applies.map((a) => a.operationId).at(-1)).toBe('dlv:del-1:1:dev-1:2');
    expect(row).toMatchObject({ status: 'applied', attempts: 3 });
    expect(h.deliveries.get('del-1')?.status).toBe('completed');
  });

  it('a device no longer in the creator’s scope is not sent', async () => {
    const h = harness({ visible: false });
    h.addDelivery();
    await h.sut.runDue(T0);
    expect(h.applies).toEqual([]);
    expect([...h.rows.values()][0]).toMatchObject({ status: 'failed', errorCode: 'DEVICE_OUT_OF_SCOPE' });
  });

  it('a template that would cut the server off is not sent, unless the creator accepted it', async () => {
    const values: SettingValues = { ...VALUES, 'snmp.v1v2cEnabled': false };
    const h = harness({ values });
    h.addDelivery();
    await h.sut.runDue(T0);
    expect(h.applies).toEqual([]);
    expect([...h.rows.values()][0]).toMatchObject({ status: 'failed', errorCode: 'DELIVERY_CUTS_OFF_ACCESS' });

    const accepted = harness({ values });
    accepted.addDelivery({ acceptAccessLoss: true });
    await accepted.sut.runDue(T0);
    expect(accepted.applies).toHaveLength(1);
  });

  it('a delivered read community becomes the one the device is polled with, recorded with the outcome', async () => {
    const h = harness({ values: { ...VALUES, 'snmp.readCommunity': 'rotated-community' } });
    h.addDelivery();
    await h.sut.runDue(T0);
    expect(h.remembered).toEqual([
      {
        poll: { version: '2c', community: 'rotated-community' },
        adminPassword: 'New-Password-1',
        changes: ['snmp-credentials', 'admin-password'],
      },
    ]);
  });
});
