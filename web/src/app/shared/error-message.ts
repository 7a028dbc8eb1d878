import { HttpErrorResponse } from '@angular/common/http';
import type { ErrorResponse } from '@fleetward/contracts';
import { type FwI18nService, isTranslationKey } from '../core/i18n/i18n.service';

function errorBody(error: HttpErrorResponse): Partial<ErrorResponse> | null {
  const body: unknown = error.error;
  return typeof body === 'object' && body !== null ? body : null;
}

/** Whole minutes (at least 1) of a `Retry-After: <seconds>` header, or null without one. */
function retryAfterMinutes(error: HttpErrorResponse): number | null {
  const value = error.headers.get('Retry-After');
  return value !== null && /^\d+$/.test(value.trim()) ? Math.max(1, Math.ceil(Number(value) / 60)) : null;
}

/** The stable `code` of a failed API call, or null. */
export function errorCode(error: unknown): string | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const code = errorBody(error)?.code;
  return typeof code === 'string' ? code : null;
}

/**
 * Turns a failed call into a sentence for the user. A code with its own translation (`errors.<CODE>`)
 * is shown in the chosen language; otherwise the server's message is shown as sent (it names the rule
 * that refused, e.g. a role copy that would widen its source), with validation details appended. A lockout says when
 * to try again: the login's from the server's message, a template password's from its Retry-After header.
 */
export function errorMessage(error: unknown, i18n: FwI18nService): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return i18n.t('errors.network');
    const body = errorBody(error);
    const code = typeof body?.code === 'string' ? body.code : null;
    const serverMessage = typeof body?.message === 'string' ? body.message : null;
    const key = code ? `errors.${code}` : null;
    if (key && isTranslationKey(key)) {
      if (code === 'TEMPLATE_PASSWORD_LOCKED') {
        const minutes = retryAfterMinutes(error);
        if (minutes !== null) return i18n.t(key, { minutes });
        if (serverMessage) return serverMessage;
      }
      return serverMessage && code === 'ACCOUNT_LOCKED' ? serverMessage : i18n.t(key);
    }
    if (serverMessage) {
      const details = (body?.details ?? []).map((d) => `${d.field}: ${d.problems.join(', ')}`).join('; ');
      return details ? `${serverMessage} (${details})` : serverMessage;
    }
    return i18n.t('errors.http', { status: error.status });
  }
  if (error instanceof Error && error.message) return error.message;
  return i18n.t('errors.unknown');
}
