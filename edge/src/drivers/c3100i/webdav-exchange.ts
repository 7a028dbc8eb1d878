import type { PublishedSettingsFile, WebDavSettingsDrop } from '../../protocols/webdav';
import { SettingsPullTimeoutError, SettingsResultWaitTimeoutError } from '../../protocols/webdav';
import type { SettingsFileExchange } from '../settings-file/settings-file-session';
import { DeviceUnreachableError, SettingsResultTimeoutError } from '../settings-file/settings-file.errors';

export interface WebDavExchangeOptions {
  drop: Pick<WebDavSettingsDrop, 'publish'>;
  /** How long the file waits to be pulled (the device's pull interval plus margin). */
  pullTimeoutMs: number;
  /** How long after the pull the device has to write its result. */
  resultTimeoutMs: number;
}

/** Publishes the sealed XML file in the edge's WebDAV drop and waits (bounded) for the device's result. */
export class WebDavSettingsFileExchange implements SettingsFileExchange {
  readonly transport = 'webdav';
  readonly variant = 'xml';

  constructor(private readonly options: WebDavExchangeOptions) {}

  async exchange(request: { operationId: string; deviceAddress: string; file: Buffer }): Promise<Buffer> {
    let published: PublishedSettingsFile | undefined;
    try {
      published = await this.options.drop.publish(request);
      return await published.result({
        pullTimeoutMs: this.options.pullTimeoutMs,
        resultTimeoutMs: this.options.resultTimeoutMs,
      });
    } catch (error) {
      if (error instanceof SettingsPullTimeoutError) throw new DeviceUnreachableError(error.message, { cause: error });
      if (error instanceof SettingsResultWaitTimeoutError) {
        throw new SettingsResultTimeoutError(`${error.message}; the outcome is unknown`, { cause: error });
      }
      throw error;
    } finally {
      // A file not pulled in time is withdrawn, so a device coming back later cannot apply stale settings.
      await published?.withdraw();
    }
  }
}
