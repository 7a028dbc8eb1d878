import { describe, expect, it } from 'vitest';
import { EdgeConfigError, loadEdgeConfig } from '../config/env.schema';

const TOKEN = { FLEETWARD_EDGE_TOKEN: 't'.repeat(16) };

describe('device-notification configuration', () => {
  it('defaults to 5001/5002 on the API bind address, 10 events per 10 s', () => {
    expect(loadEdgeConfig({ ...TOKEN, FLEETWARD_EDGE_BIND_ADDRESS: '10.1.2.3' }).notify).toEqual({
      httpPort: 5001,
      httpsPort: 5002,
      bindAddress: '10.1.2.3',
      allow: [],
      rateLimit: { limit: 10, windowMs: 10_000 },
      maxDevices: 100_000,
      outboxCapacity: 10_000,
    });
  });

  it('takes ports (0 disables), its own bind address and an allow list', () => {
    const c = loadEdgeConfig({
      ...TOKEN,
      FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '0',
      FLEETWARD_EDGE_NOTIFY_HTTPS_PORT: '15002',
      FLEETWARD_EDGE_NOTIFY_BIND_ADDRESS: '127.0.0.1',
      FLEETWARD_EDGE_NOTIFY_ALLOW: ' 10.0.0.0/8, 192.0.2.7 ,',
    }).notify;
    expect(c).toMatchObject({
      httpPort: 0,
      httpsPort: 15002,
      bindAddress: '127.0.0.1',
      allow: ['10.0.0.0/8', '192.0.2.7'],
    });
  });

  it('lists bad notification keys with the others', () => {
    try {
      loadEdgeConfig({
        ...TOKEN,
        FLEETWARD_EDGE_NOTIFY_HTTP_PORT: '70000',
        FLEETWARD_EDGE_NOTIFY_ALLOW: '10.0.0.0/40',
        FLEETWARD_EDGE_NOTIFY_RATE_LIMIT: '0',
      });
      expect.fail('should throw');
    } catch (error) {
      expect(error).toBeInstanceOf(EdgeConfigError);
      const problems = (error as EdgeConfigError).problems.join('\n');
      expect(problems).toContain('FLEETWARD_EDGE_NOTIFY_HTTP_PORT');
      expect(problems).toContain('FLEETWARD_EDGE_NOTIFY_ALLOW: "10.0.0.0/40" has a bad prefix length');
      expect(problems).toContain('FLEETWARD_EDGE_NOTIFY_RATE_LIMIT');
    }
  });
});
