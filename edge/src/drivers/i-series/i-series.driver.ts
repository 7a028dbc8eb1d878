import { XmlApiClient } from '../../protocols/xml-api';
import type { DriverCapabilities, PrinterDriverFactory } from '../driver.interface';
import { DelegatingDriver } from '../settings/delegating-driver';
import type { SettingsDriverContext } from '../settings/settings-context';
import { XmlApiSettings } from './i-series-settings';

/** bizhub i-series (C250i … C450i): sysObjectID arc 1.3.6.1.4.1.18334.1.1.1.2.1.181. */
export const I_SERIES_SYS_OBJECT_ID_PREFIX = '1.3.6.1.4.1.18334.1.1.1.2.1.181.';

/** The i-series family: standard readings, settings through the vendor XML API (HTTPS 50003 by default). */
export class ISeriesDriver extends DelegatingDriver {
  readonly id = 'i-series-xml-api';
  readonly family = 'i-series';
  readonly capabilities: DriverCapabilities;

  constructor(context: SettingsDriverContext) {
    super(context);
    const s = context.settings;
    if (!s) {
      this.capabilities = {};
      return;
    }
    const xml = s.target.access.xmlApi ?? {};
    const client = new XmlApiClient({
      host: s.target.host,
      adminPassword: s.target.access.adminPassword ?? '',
      tls: xml.tls ?? true,
      ...(xml.port !== undefined ? { port: xml.port } : {}),
      ...(xml.caPem !== undefined ? { caPem: xml.caPem } : {}),
      timeoutMs: s.timeoutMs,
      ...(s.xmlApiTransport ? { transport: s.xmlApiTransport } : {}),
    });
    this.capabilities = { settings: new XmlApiSettings(client) };
  }
}

export const iSeriesDriverFactory: PrinterDriverFactory = {
  id: 'i-series-xml-api',
  family: 'i-series',
  canHandle: (identity) =>
    (identity.sysObjectId ?? '').replace(/^\./, '').startsWith(I_SERIES_SYS_OBJECT_ID_PREFIX)
      ? `bizhub i-series (sysObjectID ${identity.sysObjectId}): settings through the vendor XML API`
      : null,
  create: (context) => new ISeriesDriver(context),
};
