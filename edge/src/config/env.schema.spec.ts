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
  it('needs no token (activation mode); an activation code needs the server URL and is never echoed', () => {
    expect(loadEdgeConfig({}).token).toBeNull();
    expect(loadEdgeConfig({ FLEETWARD_EDGE_TOKEN: '', FLEETWARD_EDGE_ACTIVATION_CODE: '' })).toMatchObject({
      token: null,
      activation: null,
    });
    expect(() => loadEdgeConfig({ FLEETWARD_EDGE_ACTIVATION_CODE: 'FWA1-secret-code' })).toThrow(
      /FLEETWARD_EDGE_SERVER_URL: is required with FLEETWARD_EDGE_ACTIVATION_CODE/,
    );
    try {
      loadEdgeConfig({ FLEETWARD_EDGE_ACTIVATION_CODE: 'FWA1-secret-code', FLEETWARD_EDGE_SERVER_URL: 'http://x' });
      expect.fail('should throw');
    } catch (error) {
      expect((error as EdgeConfigError).problems.join('\n')).not.toContain('FWA1-secret-code');
    }
    const c = loadEdgeConfig({
      FLEETWARD_EDGE_ACTIVATION_CODE: ' FWA1-a-b ',
      FLEETWARD_EDGE_SERVER_URL: 'https://fleetward.example:8443/',
      FLEETWARD_EDGE_PUBLIC_URL: 'https://10.0.0.5:5000/',
    });
    expect(c.activation).toEqual({ serverUrl: 'https://fleetward.example:8443', code: 'FWA1-a-b' });
    expect(c.publicUrl).toBe('https://10.0.0.5:5000');
  });
  it('keeps the settings-file WebDAV drop off unless a port is given, on the API bind address by default', () => {
    const token = 't'.repeat(16);
    expect(loadEdgeConfig({ FLEETWARD_EDGE_TOKEN: token }).settingsFiles).toEqual({
      webdav: { port: 0, bindAddress: '0.0.0.0' },
      pullTimeoutMs: 120_000,
      resultTimeoutMs: 60_000,
    });
    expect(
      loadEdgeConfig({
        FLEETWARD_EDGE_TOKEN: token,
        FLEETWARD_EDGE_BIND_ADDRESS: '10.0.0.2',
        FLEETWARD_EDGE_WEBDAV_PORT: '5003',
        FLEETWARD_EDGE_SETTINGS_RESULT_TIMEOUT_MS: '5000',
      }).settingsFiles,
    ).toMatchObject({ webdav: { port: 5003, bindAddress: '10.0.0.2' }, resultTimeoutMs: 5000 });
    expect(() => loadEdgeConfig({ FLEETWARD_EDGE_TOKEN: token, FLEETWARD_EDGE_WEBDAV_PORT: '70000' })).toThrow(
      /FLEETWARD_EDGE_WEBDAV_PORT/,
    );
  });
});
