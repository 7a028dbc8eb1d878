import { SETTINGS_FILE_MAX_BYTES } from '@fleetward/contracts';
import http from 'node:http';
import https from 'node:https';
import type { DeviceSettingsStore } from '../model/device-settings';
import { handleSettingsFile, type HandledSettingsFile } from './settings-file-device';

/**
 * The WebDAV-pull face of a simulated c3100i device: on an interval it asks the edge's `GET /inbox` whether a
 * settings file waits for it, GETs the encrypted XML file, applies it (settings-file-device.ts) and PUTs its result
 * file back. Requests leave from the device's own loopback address, since the edge admits a device by the
 * connection's source address. In a real product the pull URL and interval are device settings; here they are
 * options of the simulated device. The edge's certificate is pinned (`ca`); the host name is not checked, as
 * devices reach the edge by IP address.
 */
export interface WebDavSettingsPullerOptions {
  /** The edge's WebDAV base URL, e.g. https://10.0.0.2:5003 */
  url: string;
  /** PEM of the edge certificate (HTTPS). */
  ca?: string;
  /** The device's own address: the source address of every request. */
  localAddress: string;
  store: DeviceSettingsStore;
  serial: string | null;
  /** Pull interval (ms), default 1,000. */
  intervalMs?: number;
  kdf?: { N?: number };
  /** Called after each file handled (tests wait on it). */
  onHandled?: (handled: HandledSettingsFile) => void;
}

interface Reply {
  status: number;
  body: Buffer;
}

export class WebDavSettingsPuller {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  /** Pulls that failed (edge unreachable, bad answer): a device just retries on the next interval. */
  errors = 0;

  constructor(private readonly options: WebDavSettingsPullerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.pullOnce()
        .catch(() => {
          this.errors++;
        })
        .finally(() => {
          this.running = null;
        });
    }, this.options.intervalMs ?? 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pull: every waiting file is fetched, applied and answered. */
  async pullOnce(): Promise<HandledSettingsFile[]> {
    const inbox = await this.request('GET', '/inbox');
    if (inbox.status === 204) return [];
    if (inbox.status !== 200) throw new Error(`inbox answered ${inbox.status}`);
    const files = [...inbox.body.toString('utf8').matchAll(/<File [^>]*href="([^"]+)" result="([^"]+)"/g)];
    const handled: HandledSettingsFile[] = [];
    for (const [, href, resultHref] of files) {
      const file = await this.request('GET', href!);
      if (file.status !== 200) throw new Error(`settings file answered ${file.status}`);
      const outcome = await handleSettingsFile(file.body, 'xml', {
        store: this.options.store,
        device: { address: this.options.localAddress, serial: this.options.serial },
        ...(this.options.kdf ? { kdf: this.options.kdf } : {}),
      });
      if (outcome.result) {
        const put = await this.request('PUT', resultHref!, outcome.result);
        if (put.status !== 201 && put.status !== 204 && put.status !== 200) {
          throw new Error(`result upload answered ${put.status}`);
        }
      }
      handled.push(outcome);
      this.options.onHandled?.(outcome);
    }
    return handled;
  }

  private request(method: string, path: string, body?: Buffer): Promise<Reply> {
    const url = new URL(path, this.options.url);
    const secure = url.protocol === 'https:';
    const send = secure ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(
        url,
        {
          method,
          localAddress: this.options.localAddress,
          timeout: 10_000,
          headers: body ? { 'content-type': 'application/xml', 'content-length': body.length } : {},
          ...(secure ? { ca: this.options.ca, checkServerIdentity: () => undefined, rejectUnauthorized: true } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > SETTINGS_FILE_MAX_BYTES) req.destroy(new Error('answer too large'));
            else chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', reject);
      req.end(body);
    });
  }
}
