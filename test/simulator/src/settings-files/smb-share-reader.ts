import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DeviceSettingsStore } from '../model/device-settings';
import { handleSettingsFile, type HandledSettingsFile } from './settings-file-device';

/**
 * The SMB face of a simulated smb-287 device: the device exports a share (Debian's Samba serving a temp folder:
 * ./private-samba.ts) and watches the folder behind it. A settings file the edge wrote there
 * (`fleetward-settings-<operation>.json`, renamed into place once complete) is decrypted with the device's
 * administrator password, applied through its settings store, and answered with
 * `fleetward-result-<operation>.json` (written to a temporary name, then renamed, so the edge never reads half a
 * file). The edge deletes both files afterwards; an operation is handled once.
 */
export interface SmbShareReaderOptions {
  /** The local folder behind the share. */
  dir: string;
  store: DeviceSettingsStore;
  address: string;
  serial: string | null;
  /** Scan interval (ms), default 200. */
  intervalMs?: number;
  kdf?: { N?: number };
  onHandled?: (handled: HandledSettingsFile) => void;
}

const SETTINGS_FILE = /^fleetward-settings-([A-Za-z0-9_-]{1,128})\.json$/;

export class SmbShareSettingsReader {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private readonly handled = new Set<string>();
  errors = 0;

  constructor(private readonly options: SmbShareReaderOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = this.scanOnce()
        .catch(() => {
          this.errors++;
        })
        .finally(() => {
          this.running = null;
        });
    }, this.options.intervalMs ?? 200);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  async scanOnce(): Promise<HandledSettingsFile[]> {
    const out: HandledSettingsFile[] = [];
    for (const name of await readdir(this.options.dir)) {
      const m = SETTINGS_FILE.exec(name);
      if (!m || this.handled.has(m[1]!)) continue;
      const file = path.join(this.options.dir, name);
      if (!(await stat(file)).isFile()) continue;
      this.handled.add(m[1]!);
      if (this.handled.size > 10_000) this.handled.delete(this.handled.values().next().value!);
      const outcome = await handleSettingsFile(await readFile(file), 'json', {
        store: this.options.store,
        device: { address: this.options.address, serial: this.options.serial },
        ...(this.options.kdf ? { kdf: this.options.kdf } : {}),
      });
      if (outcome.result) {
        const resultName = `fleetward-result-${m[1]!}.json`;
        const temp = path.join(this.options.dir, `.${resultName}.part`);
        await writeFile(temp, outcome.result);
        await rename(temp, path.join(this.options.dir, resultName));
      }
      out.push(outcome);
      this.options.onHandled?.(outcome);
    }
    return out;
  }
}
