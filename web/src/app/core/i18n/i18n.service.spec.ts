import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { EN } from './en';
import { DICTIONARIES, FwI18nService, LANGUAGES, interpolate } from './i18n.service';
import { JA } from './ja';
import { FwTranslatePipe } from './translate.pipe';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '').sort();
}

describe('translation dictionaries', () => {
  it('have exactly the same keys in English and Japanese', () => {
    const en = Object.keys(EN).sort();
    const ja = Object.keys(JA).sort();
    expect(ja.filter((k) => !en.includes(k))).toEqual([]);
    expect(en.filter((k) => !ja.includes(k))).toEqual([]);
    expect(ja).toEqual(en);
  });

  it('have no empty text and the same placeholders in each language', () => {
    for (const language of LANGUAGES) {
      for (const [key, text] of Object.entries(DICTIONARIES[language])) {
        expect(text.trim(), `${language} ${key}`).not.toBe('');
        expect(placeholders(text), `${language} ${key}`).toEqual(placeholders(EN[key as keyof typeof EN]));
      }
    }
  });

  it('really translate: the Japanese page titles differ from the English ones', () => {
    expect(JA['login.title']).not.toBe(EN['login.title']);
    expect(JA['nav.users']).toBe('ユーザー');
  });
});

describe('interpolate', () => {
  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Hello {name}, {count} new', { name: 'Ann', count: 3 })).toBe('Hello Ann, 3 new');
    expect(interpolate('Hello {name}', {})).toBe('Hello {name}');
  });
});

@Component({
  selector: 'fw-test-host',
  imports: [FwTranslatePipe],
  template: `<h1>{{ 'login.title' | translate }}</h1>
    <p>{{ 'home.welcome' | translate: { name: 'Ann' } }}</p>`,
})
class FwTestHost {}

describe('FwI18nService', () => {
  beforeEach(() => localStorage.clear());
  afterEach(() => {
    localStorage.clear();
    TestBed.resetTestingModule();
  });

  it('switches language, updates <html lang>, remembers the choice, and re-renders the pipe', async () => {
    const fixture = TestBed.createComponent(FwTestHost);
    const i18n = TestBed.inject(FwI18nService);
    i18n.use('en');
    await fixture.whenStable();
    const el = fixture.nativeElement as HTMLElement;
    expect(el.querySelector('h1')?.textContent).toBe(EN['login.title']);

    i18n.use('ja');
    await fixture.whenStable();
    expect(el.querySelector('h1')?.textContent).toBe(JA['login.title']);
    expect(el.querySelector('p')?.textContent).toBe('ようこそ、Ann さん');
    expect(document.documentElement.lang).toBe('ja');
    expect(localStorage.getItem('fw.language')).toBe('ja');
  });

  it('starts in the remembered language', () => {
    localStorage.setItem('fw.language', 'ja');
    expect(TestBed.inject(FwI18nService).language()).toBe('ja');
  });

  it('ignores an unknown remembered language', () => {
    localStorage.setItem('fw.language', 'xx');
    expect(LANGUAGES).toContain(TestBed.inject(FwI18nService).language());
  });
});
