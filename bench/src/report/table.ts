import type { ServerPartsResult } from '../server/server-part';
import type { BenchResult, RunFigures } from './bench-result';
import { fmt } from './stats';

const MB = 1024 * 1024;

function pad(cells: readonly string[], widths: readonly number[]): string {
  return cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
}

function grid(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  return [pad(header, widths), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map((r) => pad(r, widths))];
}

function runRow(label: string, r: RunFigures): string[] {
  return [
    label,
    fmt(r.devicesPerSecond),
    fmt(r.cpuSecondsPer1000),
    fmt(r.coldDevicesPerSecond),
    fmt(r.coldCpuSecondsPer1000),
    r.peakRssBytes === null ? '-' : fmt(r.peakRssBytes / MB),
    `${r.correct}/${r.devices}`,
    r.partial === undefined ? '-' : String(r.partial),
    String(r.failed),
    String(r.wrong),
    r.fleetCpuShare === undefined ? '-' : fmt(r.fleetCpuShare),
    r.otherLoadCores === undefined ? '-' : fmt(r.otherLoadCores),
    r.udpReceiveDrops === undefined || r.udpReceiveDrops === null ? '-' : String(r.udpReceiveDrops),
    r.inFlight ? `${fmt(r.inFlight.mean)} (max ${r.inFlight.max})` : String(r.concurrency),
  ];
}

const RATIO = (n: number | null): string => (n === null ? '-' : `${fmt(n)}x`);

/** The human-readable table (the same figures as the JSON). */
export function renderTable(result: BenchResult): string {
  const m = result.machine;
  const out: string[] = [
    'Fleetward bench',
    `machine: ${m.cpuModel}, ${m.cores} cores, ${fmt(m.memoryGiB)} GiB, Node ${m.node}, ${m.os}`,
    `peers: snmpd ${m.snmpd ?? 'not installed'}, snmp_exporter ${m.exporter ?? 'not installed'}`,
    '',
  ];
  const header = [
    'run',
    'dev/s',
    'cpu s/1k',
    'cold dev/s',
    'cold cpu/1k',
    'peak MB',
    'correct',
    'partial',
    'failed',
    'wrong',
    'snmpd cores',
    'other load',
    'udp drops',
    'in flight',
  ];
  const rows: string[][] = [];
  if ('v2c' in result.polling) {
    const p = result.polling;
    out.push(
      `1. Edge polling (${p.poller}; ${p.v2c.devices} devices, concurrency ${p.v2c.concurrency}; warm = median of ${p.v2c.warmSweeps} sweeps after the cold one)`,
    );
    rows.push(runRow('fleetward v2c', p.v2c), runRow('fleetward v3 authPriv SHA/AES', p.v3));
    if ('v2c' in p.memory || 'devicesPerSecond' in p.memory) {
      const mem = p.memory as RunFigures;
      rows.push(runRow(`fleetward v2c, ${mem.devices} devices`, mem));
    }
  } else out.push(`1. Edge polling: ${result.polling.skipped}`);
  if ('v2c' in result.peer) {
    rows.push(
      runRow(`snmp_exporter ${result.peer.exporter} v2c`, result.peer.v2c),
      runRow(`snmp_exporter v3 authPriv`, result.peer.v3),
    );
  }
  if (rows.length > 0) {
    out.push(
      ...grid(header, rows),
      'dev/s and cpu s/1k: median of the warm sweeps; cpu = user+system seconds of the poller (or exporter) process per',
      '1,000 devices; snmpd cores: CPU of the simulated fleet; other load: cores busy on the machine outside this bench;',
      'udp drops: datagrams the kernel dropped for a full receive buffer during the run; in flight: devices polled at',
      "once in the warm sweeps (Fleetward: median of the sweeps' means and the most at any moment, its adaptive",
      'window under the concurrency, docs/decisions/0023; the peer keeps all of them in flight).',
      '',
    );
  }
  if ('v2c' in result.peer) {
    const r = result.peer.ratios;
    out.push(
      "2. Fleetward / snmp_exporter (same fleet, same --concurrency; Fleetward's in-flight window adapts below it)",
      ...grid(
        ['', 'devices/s', 'CPU per device'],
        [
          ['v2c', RATIO(r.v2cDevicesPerSecond), RATIO(r.v2cCpuPerDevice)],
          ['v3 authPriv', RATIO(r.v3DevicesPerSecond), RATIO(r.v3CpuPerDevice)],
        ],
      ),
      '',
    );
  } else out.push(`2. Peer: ${result.peer.skipped}`, '');
  if ('byRole' in result.slow) {
    const s = result.slow;
    out.push(
      `3. Slow and lossy fleet: ${s.devices} devices (${s.composition.slow} slow ${s.composition.delayMs} ms, ` +
        `${s.composition.lossy} lossy ${fmt(s.composition.lossRate * 100)}% per datagram, ${s.composition.dead} dead); ` +
        `timeout ${s.timeoutMs} ms x ${s.retries + 1} tries`,
      `   sweep ${fmt(s.sweepMs / 1000)} s (cold ${fmt(s.coldSweepMs / 1000)} s); dead devices reported after at most ` +
        `${s.deadMaxDurationMs ?? '-'} ms (limit ${s.unreachableLimitMs} ms); other load ` +
        `${s.otherLoadCores === null ? '-' : fmt(s.otherLoadCores)} cores, udp drops ${s.udpReceiveDrops ?? '-'}`,
      ...grid(
        ['devices', 'correct', 'partial', 'unreachable', 'other failure', 'wrong'],
        Object.entries(s.byRole).map(([role, c]) => [
          role,
          String(c.correct),
          String(c.partial),
          String(c.unreachable),
          String(c.otherFailure),
          String(c.wrong),
        ]),
      ),
      '',
    );
  } else out.push(`3. Slow fleet: ${result.slow.skipped}`, '');
  out.push(...serverSections(result.server));
  for (const n of result.notMeasured) out.push(`${n.part}: not measured yet: ${n.reason}`);
  out.push('', 'Targets');
  out.push(
    ...grid(
      ['target', 'status', 'detail'],
      result.targets.map((t) => [t.description, t.status, t.detail]),
    ),
  );
  if (result.errors.length > 0) out.push('', 'Errors', ...result.errors.map((e) => `- ${e}`));
  return `${out.join('\n')}\n`;
}

const DB: Record<string, string> = { sqlite: 'SQLite', postgres: 'PostgreSQL' };

function count(n: number): string {
  return n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** Parts 4 and 5: ingest and poll cycle per database, then the API latency of every query per database and size. */
export function serverSections(server: ServerPartsResult | { skipped: string }): string[] {
  if (!('runs' in server)) return [`4. Server ingest: ${server.skipped}`, `5. API latency: ${server.skipped}`, ''];
  const out: string[] = [];
  const skipped = server.skipped.map((s) => `   ${DB[s.database] ?? s.database} skipped: ${s.reason}`);
  const ingest = server.runs.filter((r) => r.ingest);
  if (ingest.length > 0) {
    const first = ingest[0]!.ingest!;
    out.push(
      `4. Server ingest: DeviceInventoryService.ingestPolls, one poll batch of ${first.batchSize} results at a time as ` +
        `the scheduler does (one transaction per ${first.chunkSize} devices), ${first.snapshots} snapshots over ` +
        `${first.devices} devices; latency per snapshot = a batch's time / its results`,
      ...grid(
        [
          'database',
          'snapshots/s',
          'p50 ms',
          'p95 ms',
          'p99 ms',
          'cpu s/1k',
          'history rows/snap',
          'KB/snap',
          'alerts',
          'other load',
        ],
        ingest.map((r) => {
          const f = r.ingest!;
          return [
            r.databaseVersion,
            fmt(f.snapshotsPerSecond),
            fmt(f.latency.p50),
            fmt(f.latency.p95),
            fmt(f.latency.p99),
            fmt(f.cpuSecondsPer1000),
            fmt(f.historyRowsPerSnapshot),
            fmt(f.snapshotBytes / 1024),
            String(f.alertsOpened),
            r.otherLoadCores === null ? '-' : fmt(r.otherLoadCores),
          ];
        }),
      ),
    );
  } else out.push('4. Server ingest: not selected (--only ingest)');
  const cycles = server.runs.filter((r) => r.cycle);
  if (cycles.length > 0) {
    const c0 = cycles[0]!.cycle!;
    out.push(
      `   Full poll cycle: PollingScheduler.runDuePolls(now) until every result is stored; ${c0.devices} devices on one ` +
        `real edge (batches of ${c0.batchSize}, edge concurrency ${c0.edgeConcurrency}), ${server.cycleFleet ?? 'snmpd fleet'}`,
      ...grid(
        [
          'database',
          'devices',
          'cycle s',
          'dev/s',
          'edge wait s',
          'stored ok',
          'stored failed',
          'server cpu s',
          'edge cpu s',
          'edge errors',
        ],
        cycles.map((r) => {
          const c = r.cycle!;
          return [
            r.databaseVersion,
            String(c.devices),
            fmt(c.seconds),
            fmt(c.devicesPerSecond),
            fmt(c.edgeWaitSeconds),
            String(c.storedOk),
            String(c.storedFailed),
            fmt(c.serverCpuSeconds),
            c.edgeCpuSeconds === null ? '-' : fmt(c.edgeCpuSeconds),
            c.failedEdges.length === 0 ? '-' : c.failedEdges.join('; '),
          ];
        }),
      ),
    );
  }
  out.push(...skipped, '');
  const api = server.runs.filter((r) => r.api && r.api.length > 0);
  if (api.length > 0) {
    const columns = api.flatMap((r) => r.api!.map((a) => ({ run: r, size: a })));
    const first = columns[0]!.size.scenarios[0];
    out.push(
      `5. API latency over HTTPS (keep-alive), ms as p50 / p95 / p99 of ${first?.count ?? 0} requests after the warm-up; ` +
        'list pages of 50 as the console asks',
    );
    const labels = [...new Set(columns.flatMap((c) => c.size.scenarios.map((s) => s.id)))];
    out.push(
      ...grid(
        ['query', ...columns.map((c) => `${DB[c.run.database] ?? c.run.database} ${count(c.size.devices)}`)],
        labels.map((id) => {
          const label = columns.flatMap((c) => c.size.scenarios).find((s) => s.id === id)!.label;
          return [
            label,
            ...columns.map((c) => {
              const s = c.size.scenarios.find((x) => x.id === id);
              return s ? `${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)}` : '-';
            }),
          ];
        }),
      ),
      `   seeding: ${columns.map((c) => `${DB[c.run.database] ?? c.run.database} ${count(c.size.devices)} in ${fmt(c.size.seedSeconds)} s`).join(', ')}` +
        ` (deep page = 90 % down the list)`,
      '',
    );
  } else out.push('5. API latency: not selected (--only api)', '');
  return out;
}
