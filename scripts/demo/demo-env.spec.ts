import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../server/src/infra/config/env.schema';
import { demoServerEnv, loadDemoEnv } from './demo-env';
import { subjectOf } from './mail-catcher';

describe('demo configuration', () => {
  it('defaults to 50 devices from 127.1.0.1, control API 7161, edge 5000, notifications 5001, XML API 50001/50003, WebDAV 5003, Samba on a free port', () => {
    expect(loadDemoEnv({})).toEqual({
      FLEETWARD_DEMO_DEVICES: 50,
      FLEETWARD_DEMO_BASE_ADDRESS: '127.1.0.1',
      FLEETWARD_DEMO_SNMP_PORT: 0,
      FLEETWARD_DEMO_CONTROL_PORT: 7161,
      FLEETWARD_DEMO_EDGE_PORT: 5000,
      FLEETWARD_DEMO_NOTIFY_PORT: 5001,
      FLEETWARD_DEMO_XML_API_PORT: 50001,
      FLEETWARD_DEMO_XML_API_TLS_PORT: 50003,
      FLEETWARD_DEMO_WEBDAV_PORT: 5003,
      FLEETWARD_DEMO_SMB_PORT: 0,
      FLEETWARD_DEMO_SMTP_PORT: 0,
      FLEETWARD_DEMO_TICK_MS: 1000,
      FLEETWARD_DEMO_AUTO_FAULTS: '1',
    });
  });

  it('lists every bad key', () => {
    let error: unknown;
    try {
      loadDemoEnv({
        FLEETWARD_DEMO_DEVICES: '0',
        FLEETWARD_DEMO_BASE_ADDRESS: '10.0.0.1',
        FLEETWARD_DEMO_AUTO_FAULTS: 'x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((p) => p.key).sort()).toEqual([
      'FLEETWARD_DEMO_AUTO_FAULTS',
      'FLEETWARD_DEMO_BASE_ADDRESS',
      'FLEETWARD_DEMO_DEVICES',
    ]);
  });

  it('gives the server its own data dir and short poll intervals unless the caller set them', () => {
    const env = demoServerEnv({
      FLEETWARD_DATA_DIR: '/srv/x',
      FLEETWARD_HTTPS_PORT: '9443',
      FLEETWARD_POLL_TICK_SECONDS: '',
    });
    expect(env).toMatchObject({
      FLEETWARD_DATA_DIR: '/srv/x',
      FLEETWARD_HTTPS_PORT: '9443',
      FLEETWARD_POLL_TICK_SECONDS: '5',
      FLEETWARD_POLL_STATUS_INTERVAL_SECONDS: '30',
      FLEETWARD_DELIVERY_TICK_SECONDS: '2',
    });
    expect(env.FLEETWARD_ADMIN_PASSWORD).toBeUndefined();
    expect(demoServerEnv({}).FLEETWARD_DATA_DIR).toBe('./data-demo');
  });
});

describe('mail catcher subject line', () => {
  it('unfolds the header and decodes encoded words', () => {
    expect(
      subjectOf('From: a@b\r\nSubject: [Fleetward] Critical: Paper jam - MFP (Osaka,\r\n Umeda)\r\n\r\nbody'),
    ).toBe('[Fleetward] Critical: Paper jam - MFP (Osaka, Umeda)');
    expect(subjectOf('Subject: =?UTF-8?B?57SZ6Kmw44G+44KK?=\r\n\r\n')).toBe('紙詰まり');
    expect(subjectOf('Subject: =?UTF-8?Q?Caf=C3=A9_jam?=\r\n\r\n')).toBe('Café jam');
    expect(subjectOf('From: a@b\r\n\r\nSubject: not a header')).toBe('(no subject)');
  });
});
