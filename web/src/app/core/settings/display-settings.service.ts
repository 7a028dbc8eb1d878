import { Injectable, inject, signal } from '@angular/core';
import type { DisplaySettings } from '@fleetward/contracts';
import { FwApiService } from '../api/fleetward-api.service';

export const DEFAULT_DISPLAY_SETTINGS: DisplaySettings = { dateFormat: 'yyyy-MM-dd', timeFormat: 'HH:mm' };

/** The installation's date/time display formats (System Management), used by every date in the console. */
@Injectable({ providedIn: 'root' })
export class FwDisplaySettingsService {
  private readonly api = inject(FwApiService);
  private readonly current = signal<DisplaySettings>(DEFAULT_DISPLAY_SETTINGS);

  readonly settings = this.current.asReadonly();

  /** Loads the settings; keeps the defaults when the server cannot answer (the console still works). */
  async load(): Promise<void> {
    try {
      this.current.set(await this.api.displaySettings());
    } catch {
      // Not signed in yet or server unreachable: defaults stay until the next load.
    }
  }

  async save(settings: DisplaySettings): Promise<DisplaySettings> {
    const saved = await this.api.saveDisplaySettings(settings);
    this.current.set(saved);
    return saved;
  }
}
