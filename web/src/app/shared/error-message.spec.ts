import { HttpErrorResponse, HttpHeaders } from '@angular/common/http';
import { TestBed } from '@angular/core/testing';
import { FwI18nService } from '../core/i18n/i18n.service';
import { errorMessage } from './error-message';

function httpError(status: number, body: unknown): HttpErrorResponse {
  return new HttpErrorResponse({ status, error: body, url: '/api/v1/x' });
}

describe('errorMessage', () => {
  let i18n: FwI18nService;
  beforeEach(() => {
    i18n = TestBed.inject(FwI18nService);
    i18n.use('en');
  });
  afterEach(() => TestBed.resetTestingModule());

  it('translates codes the console knows', () => {
    const e = httpError(401, { code: 'INVALID_CREDENTIALS', message: 'Invalid credentials', correlationId: 'c' });
    expect(errorMessage(e, i18n)).toBe('Wrong username or password.');
    i18n.use('ja');
    expect(errorMessage(e, i18n)).toBe('ユーザー名またはパスワードが正しくありません。');
  });

  it('shows the lockout message of the server, which says when to try again', () => {
    const e = httpError(423, { code: 'ACCOUNT_LOCKED', message: 'Locked until 10:15 UTC', correlationId: 'c' });
    expect(errorMessage(e, i18n)).toBe('Locked until 10:15 UTC');
  });

  it('says in how many minutes a locked template password may be tried again (its Retry-After)', () => {
    const body = {
      code: 'TEMPLATE_PASSWORD_LOCKED',
      message: 'Too many wrong passwords for this template: refused until 2026-01-15T09:17:00.000Z.',
      correlationId: 'c',
    };
    const locked = (retryAfter?: string) =>
      new HttpErrorResponse({
        status: 429,
        error: body,
        url: '/api/v1/templates/t-1/check-password',
        ...(retryAfter !== undefined ? { headers: new HttpHeaders({ 'Retry-After': retryAfter }) } : {}),
      });
    expect(errorMessage(locked('900'), i18n)).toBe('Too many wrong passwords for this template: try again in 15 min.');
    expect(errorMessage(locked('61'), i18n)).toContain('try again in 2 min.');
    expect(errorMessage(locked('1'), i18n)).toContain('try again in 1 min.');
    // Without the header, the server's message names the time.
    expect(errorMessage(locked(), i18n)).toBe(body.message);
    i18n.use('ja');
    expect(errorMessage(locked('600'), i18n)).toBe(
      'このテンプレートのパスワードの誤りが多すぎます。10 分後に再試行してください。',
    );
  });

  it('shows the server message of a refusal it does not know, with validation details', () => {
    const rule = httpError(403, {
      code: 'ROLE_COPY_WIDENS',
      message: 'A copy may not grant more than its source: user-management',
      correlationId: 'c',
    });
    expect(errorMessage(rule, i18n)).toBe('A copy may not grant more than its source: user-management');
    const invalid = httpError(400, {
      code: 'VALIDATION_FAILED',
      message: 'Validation failed',
      correlationId: 'c',
      details: [{ field: 'username', problems: ['too short'] }],
    });
    expect(errorMessage(invalid, i18n)).toBe('Validation failed (username: too short)');
  });

  it('explains a network failure and a bodiless HTTP error', () => {
    expect(errorMessage(httpError(0, null), i18n)).toContain('cannot be reached');
    expect(errorMessage(httpError(502, 'Bad gateway'), i18n)).toBe('The request failed (HTTP 502).');
  });
});
