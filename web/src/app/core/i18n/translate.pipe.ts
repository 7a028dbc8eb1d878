import { Pipe, inject, type PipeTransform } from '@angular/core';
import { type TranslationKey } from './en';
import { FwI18nService, type TranslationParams } from './i18n.service';

/** `{{ 'login.title' | translate }}`; impure so a language switch re-renders (the service reads a signal). */
@Pipe({ name: 'translate', pure: false })
export class FwTranslatePipe implements PipeTransform {
  private readonly i18n = inject(FwI18nService);

  transform(key: TranslationKey, params?: TranslationParams): string {
    return this.i18n.t(key, params);
  }
}
