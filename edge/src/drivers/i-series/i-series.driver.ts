import { XmlApiClient } from '../../protocols/xml-api';
import type { DriverCapabilities, PrinterDriverFactory } from '../driver.interface';
import { DelegatingDriver } from '../settings/delegating-driver';
import type { SettingsDriverContext } from '../settings/settings-context';
import { XmlApiSettings } from './i-series-settings';
import { iSeriesMatch } from './mapping';

export { I_SERIES_SYS_OBJECT_ID_PREFIX } from './mapping';

/** The i-series family: standard readings, settings through the vendor XML API (HTTPS 50003 by default). */
export class ISeriesDriver extends DelegatingDriver {
  readonly id = iSeriesMatch.id;
  readonly family = iSeriesMatch.family;
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
  ...iSeriesMatch,
  create: (context) => new ISeriesDriver(context),
};
