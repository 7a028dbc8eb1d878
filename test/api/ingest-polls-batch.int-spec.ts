import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSelfSignedCertificate } from '../../server/src/infra/tls/tls-certificate';
import { DeviceInventoryService } from '../../server/src/modules/devices/device-inventory.service';
import { deviceSnapshot, failedPoll, supply } from '../../server/src/modules/devices/testing/snapshot.factory';
import { FakeClock, startTestServer, type TestServer } from '../support';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';
import { createGroup, expectStatus } from './access-helpers';

const SMTP_USER = 'fleetward-mailer';
const SMTP_PASSWORD = 'Smtp-Secret-Pass-4242';
const DEVICES = 12;
/** A counter value the poisoned databases refuse (a trigger), so one snapshot of a batch fails to be written. */
const POISON_TOTAL = 666_666;

/** Tables an ingest writes (device rows, history, alert lifecycle, watch state, notifications sent). */
const TABLES = [
  'devices',
  'device_status_history',
  'device_counter_readings',
  'device_supply_readings',
  'alerts',
  'alert_notifications',
  'device_alert_watch',
] as const;

const jammed = () =>
  deviceSnapshot({
    status: { device: 'warning', printer: 'other', errors: ['jammed'], rawErrorState: '0400', overall: 'error' },
  });
const doorOpen = () =>
  deviceSnapshot({
    status: { device: 'warning', printer: 'other', errors: ['doorOpen'], rawErrorState: '0800', overall: 'error' },
  });
const tonerLow = (round: number) =>
  deviceSnapshot({
    counters: { total: 1000 + round * 50, black: 700 + round * 50 },
    supplies: [supply({ index: 1, remainingPercent: 5, state: 'low' }), supply({ index: 2, color: 'cyan' })],
  });

/** Round `round`'s poll result of device `i`: clean, failing, malformed, alerting, changing counters. */
function resultOf(i: number, round: number): unknown {
  if (round === 0) return deviceSnapshot();
  switch (i % 6) {
    case 0:
      return round < 3 ? jammed() : deviceSnapshot();
    case 1:
      return round < 4 ? failedPoll() : deviceSnapshot();
    case 2:
      return round === 1 ? { ok: true, polledAt: 'not a date' } : round === 2 ? 'garbage' : doorOpen();
    case 3:
      return tonerLow(round);
    case 4:
      return round % 2 === 0 ? doorOpen() : jammed();
    default:
      return deviceSnapshot({ counters: { total: 1000 + round, black: 700 + round } });
  }
}

/**
 * `DeviceInventoryService.ingestPolls` (the scheduler's path) against `ingestPoll` one result after the other, on two
 * servers with the same devices, clock, recipients and SMTP server (SQLite, or PostgreSQL with DATABASE_URL): the
 * same rows in every table an ingest writes, the same mails; one transaction per chunk; a poisoned snapshot in a
 * batch leaves the others stored and fails alone, as `ingestPoll` does.
 */
describe('ingestPolls: a batch stores what one-by-one ingest stores', () => {
  const clock = new FakeClock('2026-05-01T08:00:00.000Z');
  let smtp: SmtpTestServer;
  let tls: { cert: string; key: string };
  const one = { ids: [] as string[] } as { server: TestServer; ids: string[]; inventory: DeviceInventoryService };
  const batch = { ids: [] as string[] } as { server: TestServer; ids: string[]; inventory: DeviceInventoryService };
  const mails = { one: 0, batch: 0 };

  async function setUp(side: typeof one): Promise<void> {
    side.server = await startTestServer({ clock });
    const token = await side.server.loginAsAdmin();
    const send = async <T>(method: string, path: string, body: unknown) =>
      side.server.request<T>(method, `/api/v1${path}`, { token, body });
    expectStatus(
      await send('PUT', '/settings/mail', {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: SMTP_USER,
        password: SMTP_PASSWORD,
        from: 'Fleetward <fleetward@example.com>',
        rejectUnauthorized: true,
        ca: tls.cert,
      }),
      200,
      'mail settings',
    );
    const withMail = (await createGroup(side.server, token, 'With mail')).id;
    const without = (await createGroup(side.server, token, 'Without mail')).id;
    expectStatus(
      await send('PUT', `/device-groups/${withMail}/recipients`, { emails: ['ops@example.com'] }),
      200,
      'recipients',
    );
    for (let i = 0; i < DEVICES; i++) {
      const created = await send<{ id: string }>('POST', '/devices', {
        name: `mfp-${String(i).padStart(2, '0')}`,
        address: `127.1.3.${i + 1}`,
        groupIds: i % 3 === 2 ? [without] : [withMail],
        location: `Floor ${i}`,
      });
      side.ids.push(expectStatus(created, 201, `device ${i}`).id);
    }
    side.inventory = side.server.server.app.get(DeviceInventoryService);
  }

  /** Every row of the ingest tables, ids left out and device ids replaced by device names, sorted. */
  async function state(side: typeof one): Promise<Record<string, string[]>> {
    const db = side.server.server.app.get(DataSource);
    const names = new Map<string, string>(
      (await db.query<{ id: string; name: string }[]>('SELECT id, name FROM devices')).map((r) => [r.id, r.name]),
    );
    const alertKeys = new Map<string, string>(
      (await db.query<{ id: string; condition_key: string; opened_at: string }[]>('SELECT * FROM alerts')).map((r) => [
        r.id,
        `${r.condition_key}@${r.opened_at}`,
      ]),
    );
    const out: Record<string, string[]> = {};
    for (const table of TABLES) {
      const rows = await db.query<Record<string, unknown>[]>(`SELECT * FROM ${table}`);
      out[table] = rows
        .map((row) => {
          const { id, alert_id: alertId, ...rest } = row;
          void id;
          let text = JSON.stringify({
            ...rest,
            ...(typeof alertId === 'string' ? { alert: alertKeys.get(alertId) } : {}),
          });
          for (const [deviceId, name] of names) text = text.split(deviceId).join(name);
          return text;
        })
        .sort();
    }
    return out;
  }

  beforeAll(async () => {
    tls = createSelfSignedCertificate({ host: 'localhost' });
    smtp = await startSmtpTestServer({ tls, user: SMTP_USER, password: SMTP_PASSWORD });
    await setUp(one);
    await setUp(batch);
  }, 120_000);

  afterAll(async () => {
    await one.server?.close();
    await batch.server?.close();
    await smtp?.stop();
  });

  it('gives the same rows in every ingest table, and the same mails, round after round', async () => {
    for (let round = 0; round < 6; round++) {
      clock.advanceMinutes(5);
      const polls = Array.from({ length: DEVICES }, (_, i) => i).map((i) => ({ i, result: resultOf(i, round) }));
      // A device twice in one batch (an event poll and a scheduled one): recorded in order, like one by one.
      if (round === 4) polls.push({ i: 4, result: failedPoll() }, { i: 1, result: jammed() });

      let before = smtp.received.length;
      for (const { i, result } of polls) await one.inventory.ingestPoll(one.ids[i]!, result);
      mails.one += smtp.received.length - before;

      const db = batch.server.server.app.get(DataSource);
      let commits = 0;
      const logQuery = db.logger.logQuery.bind(db.logger);
      db.logger.logQuery = (query, parameters, runner) => {
        if (/^\s*COMMIT\b/i.test(query)) commits++;
        logQuery(query, parameters, runner);
      };
      before = smtp.received.length;
      const outcomes = await batch.inventory.ingestPolls(
        polls.map(({ i, result }) => ({ deviceId: batch.ids[i]!, result })),
      );
      db.logger.logQuery = logQuery;
      mails.batch += smtp.received.length - before;

      expect(outcomes.every((o) => o.ok)).toBe(true);
      expect(outcomes.map((o) => o.deviceId)).toEqual(polls.map(({ i }) => batch.ids[i]));
      // One transaction for the round (the repeats of round 4 in a second one), none per snapshot.
      expect(commits, `round ${round}`).toBe(round === 4 ? 2 : 1);
      expect(await state(batch), `round ${round}`).toEqual(await state(one));
    }
    // The scenario did open alerts and send mail (else the comparison would prove little).
    const stored = await state(batch);
    expect(stored.alerts!.length).toBeGreaterThan(3);
    expect(stored.alert_notifications!.length).toBeGreaterThan(0);
    expect(mails.batch).toBeGreaterThan(0);
    expect(mails.batch).toBe(mails.one);
  });

  it('refuses an unknown device in a batch as ingestPoll does, and records the rest', async () => {
    clock.advanceMinutes(5);
    const unknown = '0b7d3a52-5f1e-4c7a-9d0e-3f6f1c2b9a10';
    const outcomes = await batch.inventory.ingestPolls([
      { deviceId: batch.ids[0]!, result: deviceSnapshot() },
      { deviceId: unknown, result: deviceSnapshot() },
      { deviceId: batch.ids[5]!, result: deviceSnapshot() },
    ]);
    await one.inventory.ingestPoll(one.ids[0]!, deviceSnapshot());
    await expect(one.inventory.ingestPoll(unknown, deviceSnapshot())).rejects.toMatchObject({
      code: 'DEVICE_NOT_FOUND',
    });
    await one.inventory.ingestPoll(one.ids[5]!, deviceSnapshot());

    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true]);
    expect(outcomes[1]!.error).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(await state(batch)).toEqual(await state(one));
  });

  it('a poisoned snapshot fails alone: the others of its chunk are stored, as ingestPoll stores them', async () => {
    for (const side of [one, batch]) await poison(side.server);
    clock.advanceMinutes(5);
    const at = clock.now().toISOString();
    const results = Array.from({ length: DEVICES }, (_, i) =>
      i === 7
        ? deviceSnapshot({ counters: { total: POISON_TOTAL } })
        : i % 6 === 0
          ? jammed()
          : deviceSnapshot({ counters: { total: 5000 + i, black: 3000 + i } }),
    );
    const oneOutcomes: boolean[] = [];
    for (const [i, result] of results.entries()) {
      oneOutcomes.push(
        await one.inventory.ingestPoll(one.ids[i]!, result).then(
          () => true,
          () => false,
        ),
      );
    }
    const outcomes = await batch.inventory.ingestPolls(
      results.map((result, i) => ({ deviceId: batch.ids[i]!, result })),
    );

    expect(oneOutcomes).toEqual(results.map((_, i) => i !== 7));
    expect(outcomes.map((o) => o.ok)).toEqual(oneOutcomes);
    expect(String(outcomes[7]!.error)).toContain('poisoned');
    const db = batch.server.server.app.get(DataSource);
    const rows = await db.query<{ id: string; last_poll_at: string }[]>('SELECT id, last_poll_at FROM devices');
    const polledNow = rows.filter((r) => r.last_poll_at === at).map((r) => r.id);
    expect(polledNow.sort()).toEqual(batch.ids.filter((_, i) => i !== 7).sort());
    expect(await state(batch)).toEqual(await state(one));
  });
});

/** Makes the server's database refuse counter readings of POISON_TOTAL (a real failure of the write). */
async function poison(server: TestServer): Promise<void> {
  const db = server.server.app.get(DataSource);
  if (server.database.type === 'postgres') {
    await db.query(
      `CREATE FUNCTION fw_poison() RETURNS trigger LANGUAGE plpgsql AS $$
       BEGIN RAISE EXCEPTION 'poisoned snapshot'; END $$`,
    );
    await db.query(
      `CREATE TRIGGER fw_poison BEFORE INSERT ON device_counter_readings FOR EACH ROW
       WHEN (NEW.count_total = ${POISON_TOTAL}) EXECUTE FUNCTION fw_poison()`,
    );
  } else {
    await db.query(
      `CREATE TRIGGER fw_poison BEFORE INSERT ON device_counter_readings
       WHEN NEW.count_total = ${POISON_TOTAL} BEGIN SELECT RAISE(ABORT, 'poisoned snapshot'); END`,
    );
  }
}
