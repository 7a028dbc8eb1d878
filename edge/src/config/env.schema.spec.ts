import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { EdgeConfigError, loadEdgeConfig } from './env.schema';

describe('loadEdgeConfig', () => {
  it('applies defaults', () => {
    const c = loadEdgeConfig({ FLEETWARD_EDGE_TOKEN: 't'.repeat(16) });
    expect(c).toMatchObject({
      http: { port: 5000, bindAddress: '0.0.0.0' },
      tls: null,
      poll: { concurrency: 64, timeoutMs: 2000, retries: 1, maxBatch: 5000 },
      discover: { maxAddresses: 4096 },
      dataDir: path.resolve('data/edge'),
    });
  });
  it('lists every bad key at once and never echoes the token', () => {
    try {
      loadEdgeConfig({
        FLEETWARD_EDGE_TOKEN: 'short-secret',
        FLEETWARD_EDGE_PORT: 'http',
        FLEETWARD_EDGE_CONCURRENCY: '0',
        FLEETWARD_EDGE_TLS_CERT: '/x.pem',
      });
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(EdgeConfigError);
      const problems = (error as EdgeConfigError).problems.join('\n');
      for (const key of [
        'FLEETWARD_EDGE_TOKEN',
        'FLEETWARD_EDGE_PORT',
        'FLEETWARD_EDGE_CONCURRENCY',
        'FLEETWARD_EDGE_TLS_KEY',
      ])
        expect(problems).toContain(key);
      expect(problems).not.toContain('short-secret');
    }
  });
  it('requires the token', () => {
    expect(() => loadEdgeConfig({})).toThrow(/FLEETWARD_EDGE_TOKEN/);
  });
});
