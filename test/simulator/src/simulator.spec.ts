import { describe, expect, it } from 'vitest';
import { startSimulator } from './simulator';
import { SimulatorOptionsError } from './simulator.errors';

describe('startSimulator options', () => {
  it.each([
    [{ devices: 0 }, /devices must be an integer/],
    [{ devices: 1.5 }, /devices must be an integer/],
    [{ devices: 1, port: 70_000 }, /port must be/],
    [{ devices: 1, families: [] }, /families must not be empty/],
    [{ devices: 1, families: ['laserjet'] }, /unknown family laserjet/],
    [{ devices: 1, tickMs: 5 }, /tickMs/],
    [{ devices: 1, controlPort: -1 }, /controlPort/],
    [{ devices: 1, seed: 0.5 }, /seed/],
    [{ devices: 1, baseAddress: '192.168.1.10' }, /not a loopback/],
  ])('rejects %j before binding anything', async (options, message) => {
    const attempt = startSimulator(options as Parameters<typeof startSimulator>[0]);
    await expect(attempt).rejects.toThrow(SimulatorOptionsError);
    await expect(attempt).rejects.toThrow(message);
  });

  it('lists every wrong option at once', async () => {
    await expect(startSimulator({ devices: 0, port: 0, seed: 0.1 })).rejects.toThrow(/devices.*; port.*; seed/);
  });
});
