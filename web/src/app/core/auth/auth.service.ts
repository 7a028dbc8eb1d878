import { DOCUMENT } from '@angular/common';
import { HttpClient } from '@angular/common/http';
import { Injectable, computed, inject, signal } from '@angular/core';
import type {
  ChangePasswordRequest,
  CurrentUserResponse,
  LoginRequest,
  LoginResponse,
  LogoutRequest,
  RefreshRequest,
  TokenPair,
} from '@fleetward/contracts';
import { type Permission } from '@fleetward/domain';
import { firstValueFrom } from 'rxjs';
import { apiUrl } from '../api/api-base';
import { userHasPermission } from './permissions';

export interface FwSession {
  accessToken: string;
  refreshToken: string;
  user: CurrentUserResponse;
}

export const SESSION_STORAGE_KEY = 'fw.session';

/** Requests the interceptor must not decorate with a bearer token or retry after a refresh. */
export const AUTH_ENDPOINTS_WITHOUT_BEARER = [apiUrl('/auth/login'), apiUrl('/auth/refresh')] as const;

function isSession(value: unknown): value is FwSession {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<FwSession>;
  return typeof v.accessToken === 'string' && typeof v.refreshToken === 'string' && typeof v.user === 'object';
}

/**
 * Holds the session (tokens and current user) in memory and in sessionStorage, so a reload keeps the
 * user signed in but closing the tab forgets it. Refresh tokens rotate: only the latest one is kept,
 * and concurrent refreshes share one request.
 */
@Injectable({ providedIn: 'root' })
export class FwAuthService {
  private readonly http = inject(HttpClient);
  private readonly storage = inject(DOCUMENT).defaultView?.sessionStorage ?? null;
  private readonly session = signal<FwSession | null>(this.restore());
  private refreshInFlight: Promise<string> | null = null;

  readonly user = computed(() => this.session()?.user ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  readonly mustChangePassword = computed(() => this.session()?.user.mustChangePassword === true);

  accessToken(): string | null {
    return this.session()?.accessToken ?? null;
  }

  can(permission: Permission): boolean {
    return userHasPermission(this.user(), permission);
  }

  async login(username: string, password: string): Promise<CurrentUserResponse> {
    const body: LoginRequest = { username, password };
    const res = await firstValueFrom(this.http.post<LoginResponse>(apiUrl('/auth/login'), body));
    this.store({ accessToken: res.accessToken, refreshToken: res.refreshToken, user: res.user });
    return res.user;
  }

  /** Exchanges the refresh token for a new pair; resolves with the new access token. */
  refresh(): Promise<string> {
    if (this.refreshInFlight) return this.refreshInFlight;
    const current = this.session();
    if (!current) return Promise.reject(new Error('Not signed in'));
    const body: RefreshRequest = { refreshToken: current.refreshToken };
    this.refreshInFlight = firstValueFrom(this.http.post<TokenPair>(apiUrl('/auth/refresh'), body))
      .then((pair) => {
        const latest = this.session();
        if (!latest) throw new Error('Signed out during refresh');
        this.store({ ...latest, accessToken: pair.accessToken, refreshToken: pair.refreshToken });
        return pair.accessToken;
      })
      .finally(() => {
        this.refreshInFlight = null;
      });
    return this.refreshInFlight;
  }

  /** Reloads the current user's rights from the server. */
  async reloadUser(): Promise<CurrentUserResponse> {
    const user = await firstValueFrom(this.http.get<CurrentUserResponse>(apiUrl('/auth/me')));
    const latest = this.session();
    if (latest) this.store({ ...latest, user });
    return user;
  }

  /**
   * Changes the password, then signs in again with the new one so the session and the user's
   * `mustChangePassword` flag are fresh whatever the server did with the old tokens.
   */
  async changePassword(currentPassword: string, newPassword: string): Promise<CurrentUserResponse> {
    const username = this.user()?.username;
    if (!username) throw new Error('Not signed in');
    const body: ChangePasswordRequest = { currentPassword, newPassword };
    await firstValueFrom(this.http.post<unknown>(apiUrl('/auth/change-password'), body));
    return this.login(username, newPassword);
  }

  async logout(): Promise<void> {
    const current = this.session();
    this.clear();
    if (!current) return;
    const body: LogoutRequest = { refreshToken: current.refreshToken };
    try {
      await firstValueFrom(
        this.http.post<unknown>(apiUrl('/auth/logout'), body, {
          headers: { Authorization: `Bearer ${current.accessToken}` },
        }),
      );
    } catch {
      // The local session is gone either way; an expired token on the server side changes nothing.
    }
  }

  /** Forgets the session locally (after a failed refresh, or on logout). */
  clear(): void {
    this.session.set(null);
    this.storage?.removeItem(SESSION_STORAGE_KEY);
  }

  private store(session: FwSession): void {
    this.session.set(session);
    this.storage?.setItem(SESSION_STORAGE_KEY, JSON.stringify(session));
  }

  private restore(): FwSession | null {
    const raw = this.storage?.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    try {
      const parsed: unknown = JSON.parse(raw);
      return isSession(parsed) ? parsed : null;
    } catch {
      return null;
    }
  }
}
