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
      parts: ['polling', 'peer', 'slow'],
      skipPeer: false,
      memoryDevices: 10_000,
    });
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
