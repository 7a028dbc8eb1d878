import { describe, expect, it } from 'vitest';
import { BenchUsageError } from './bench.errors';
import { parseBenchArgs } from './options';

describe('parseBenchArgs', () => {
  it('has the issue defaults: 5,000 devices, every part, the peer included', () => {
    const sut = parseBenchArgs([]);
    expect(sut).toMatchObject({
      devices: 5000,
      sweeps: 4,
      concurrency: 500,
      parts: ['polling', 'peer', 'slow', 'ingest', 'api'],
      skipPeer: false,
      memoryDevices: 10_000,
      databases: ['sqlite', 'postgres'],
      apiDevices: [10_000, 100_000],
      apiRequests: 200,
      apiWarmup: 20,
      ingestSnapshots: 5000,
      ingestDevices: 1000,
      cycleDevices: 10_000,
      cycleBatch: 200,
      edgeConcurrency: 64,
      cycleBaseAddress: '127.10.0.1',
    });
  });

  it('takes the server parts options: parts, databases, sizes (sorted, without duplicates)', () => {
    const sut = parseBenchArgs([
      '--only',
      'ingest,api',
      '--databases',
      'postgres',
      '--api-devices',
      '100000,1000,1000',
      '--cycle-devices',
      '0',
      '--cycle-base-address',
      '127.26.0.1',
    ]);
    expect(sut).toMatchObject({
      parts: ['ingest', 'api'],
      databases: ['postgres'],
      apiDevices: [1000, 100_000],
      cycleDevices: 0,
      cycleBaseAddress: '127.26.0.1',
    });
  });

  it('refuses unknown databases, non-loopback fleet addresses and a bad PostgreSQL URL', () => {
    expect(() => parseBenchArgs(['--databases', 'mssql'])).toThrow(/--databases takes sqlite and\/or postgres/);
    expect(() => parseBenchArgs(['--only', 'api,latency'])).toThrow(/--only takes polling, peer, slow, ingest, api/);
    expect(() => parseBenchArgs(['--cycle-base-address', '10.0.0.1'])).toThrow(/127\.x\.y\.z/);
    expect(() => parseBenchArgs(['--postgres-url', 'mysql://x'])).toThrow(/postgres:\/\//);
    expect(() => parseBenchArgs(['--api-devices', '10k'])).toThrow(/--api-devices must be a whole number/);
  });

  it('takes the options of the brief', () => {
    const sut = parseBenchArgs([
      '--devices',
      '200',
      '--sweeps',
      '5',
      '--concurrency',
      '50',
      '--skip-peer',
      '--only',
      'polling,slow',
    ]);
    expect(sut).toMatchObject({ devices: 200, sweeps: 5, concurrency: 50, skipPeer: true, parts: ['polling', 'slow'] });
  });

  it('refuses bad values with a clear message', () => {
    expect(() => parseBenchArgs(['--devices', 'many'])).toThrow(/--devices must be a whole number/);
    expect(() => parseBenchArgs(['--sweeps', '1'])).toThrow(/--sweeps must be from 2/);
    expect(() => parseBenchArgs(['--only', 'everything'])).toThrow(BenchUsageError);
    expect(() => parseBenchArgs(['--frobnicate'])).toThrow(BenchUsageError);
  });
});
