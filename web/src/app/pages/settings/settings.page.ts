import { Component, computed, inject, signal } from '@angular/core';
import { FormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { DATE_FORMATS, type DateFormat, type DisplaySettings } from '@fleetward/contracts';
import { Permission } from '@fleetward/domain';
import { FwAuthService } from '../../core/auth/auth.service';
import { FwI18nService } from '../../core/i18n/i18n.service';
import { FwTranslatePipe } from '../../core/i18n/translate.pipe';
import { FwDisplaySettingsService } from '../../core/settings/display-settings.service';
import { errorMessage } from '../../shared/error-message';
import { formatDisplayDate } from '../../shared/format-date';

export const TIME_FORMATS: readonly DisplaySettings['timeFormat'][] = ['HH:mm', 'h:mm a'];

/** System Management → display formats: the date and time format used everywhere in the console. */
@Component({
  selector: 'fw-settings-page',
  imports: [FormsModule, MatCardModule, MatFormFieldModule, MatSelectModule, MatButtonModule, FwTranslatePipe],
  templateUrl: './settings.page.html',
})
export class FwSettingsPage {
  private readonly display = inject(FwDisplaySettingsService);
  private readonly snack = inject(MatSnackBar);
  private readonly i18n = inject(FwI18nService);
  protected readonly canEdit = inject(FwAuthService).can(Permission.SystemManagement);
  protected readonly dateFormats = DATE_FORMATS;
  protected readonly timeFormats = TIME_FORMATS;
  protected readonly dateFormat = signal<DateFormat>(this.display.settings().dateFormat);
  protected readonly timeFormat = signal<DisplaySettings['timeFormat']>(this.display.settings().timeFormat);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** A fixed sample instant so the preview shows every part of the format. */
  private readonly sample = new Date(2026, 11, 31, 15, 45);
  protected readonly preview = computed(() =>
    formatDisplayDate(this.sample, { dateFormat: this.dateFormat(), timeFormat: this.timeFormat() }),
  );

  protected async save(): Promise<void> {
    this.busy.set(true);
    this.error.set(null);
    try {
      await this.display.save({ dateFormat: this.dateFormat(), timeFormat: this.timeFormat() });
      this.snack.open(this.i18n.t('settings.saved'), undefined, { duration: 4000 });
    } catch (e) {
      this.error.set(errorMessage(e, this.i18n));
    } finally {
      this.busy.set(false);
    }
  }
}
