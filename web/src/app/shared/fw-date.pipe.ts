import { Pipe, inject, type PipeTransform } from '@angular/core';
import { FwDisplaySettingsService } from '../core/settings/display-settings.service';
import { formatDisplayDate, type DateDisplay } from './format-date';

/** `{{ user.createdAt | fwDate }}`: every date in the console goes through the display-format setting. */
@Pipe({ name: 'fwDate', pure: false })
export class FwDatePipe implements PipeTransform {
  private readonly settings = inject(FwDisplaySettingsService);

  transform(value: string | number | Date | null | undefined, display: DateDisplay = 'datetime'): string {
    return formatDisplayDate(value, this.settings.settings(), display);
  }
}
