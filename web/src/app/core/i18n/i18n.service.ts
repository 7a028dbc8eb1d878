import { DOCUMENT } from '@angular/common';
import { Injectable, computed, inject, signal } from '@angular/core';
import { EN, type TranslationKey } from './en';
import { JA } from './ja';

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

export const DICTIONARIES: Readonly<Record<Language, Readonly<Record<TranslationKey, string>>>> = { en: EN, ja: JA };

export type TranslationParams = Readonly<Record<string, string | number>>;

const STORAGE_KEY = 'fw.language';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

export function isTranslationKey(value: string): value is TranslationKey {
  return Object.prototype.hasOwnProperty.call(EN, value);
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing parameter is noticed. */
export function interpolate(text: string, params?: TranslationParams): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : String(value);
  });
}

/** The console's translation layer: English and Japanese, chosen in the toolbar, remembered in localStorage. */
@Injectable({ providedIn: 'root' })
export class FwI18nService {
  private readonly document = inject(DOCUMENT);
  private readonly current = signal<Language>(this.initialLanguage());

  readonly language = this.current.asReadonly();
  /** Locale for number / Intl formatting. */
  readonly locale = computed(() => (this.current() === 'ja' ? 'ja-JP' : 'en-US'));

  constructor() {
    this.applyToDocument(this.current());
  }

  use(language: Language): void {
    this.current.set(language);
    try {
      this.document.defaultView?.localStorage.setItem(STORAGE_KEY, language);
    } catch {
      // Storage may be unavailable (private mode); the choice then lasts for this page only.
    }
    this.applyToDocument(language);
  }

  t(key: TranslationKey, params?: TranslationParams): string {
    const dictionary = DICTIONARIES[this.current()];
    return interpolate(dictionary[key] ?? EN[key] ?? key, params);
  }

  private initialLanguage(): Language {
    let stored: string | null = null;
    try {
      stored = this.document.defaultView?.localStorage.getItem(STORAGE_KEY) ?? null;
    } catch {
      stored = null;
    }
    if (isLanguage(stored)) return stored;
    const browser = this.document.defaultView?.navigator.language ?? 'en';
    return browser.toLowerCase().startsWith('ja') ? 'ja' : 'en';
  }

  private applyToDocument(language: Language): void {
    this.document.documentElement.lang = language;
    this.document.title = DICTIONARIES[language]['app.title'];
  }
}
