import type {
  DeviceEventsResponse,
  DeviceTarget,
  EdgeHealthResponse,
  PollBatchRequest,
  SettingsApplyRequest,
  SettingsApplyResponse,
  SettingsCapabilitiesRequest,
  SettingsCapabilitiesResponse,
  SettingsReadRequest,
  SettingsReadResponse,
} from '@fleetward/contracts';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { Agent, request } from 'undici';
import { EdgeRejectedError, EdgeUnreachableError } from './edge-client.errors';

/** What a call needs to reach one edge; the token is already decrypted (never logged). */
export interface EdgeEndpoint {
  readonly id: string;
  readonly name: string;
  /** Base URL, e.g. `https://10.0.0.5:5000`. */
  readonly url: string;
  readonly token: string;
  /** Certificate or CA PEM to trust instead of the system CAs (pinning); null = system CAs. */
  readonly caPem: string | null;
}

export interface EdgeClientOptions {
  /** Timeout of `GET /api/health` (ms). */
  healthTimeoutMs?: number;
  /** Timeout of one `POST /api/v1/poll` batch (ms). */
  pollTimeoutMs?: number;
  /** Added to `waitMs` for the device-events long poll (ms). */
  eventsGraceMs?: number;
  /** Largest answer read from an edge (bytes). */
  maxResponseBytes?: number;
  /** Timeout of one settings call (capabilities, read, apply of one device) (ms). */
  settingsTimeoutMs?: number;
}

const DEFAULTS: Required<EdgeClientOptions> = {
  healthTimeoutMs: 10_000,
  pollTimeoutMs: 180_000,
  eventsGraceMs: 10_000,
  maxResponseBytes: 64 * 1024 * 1024,
  settingsTimeoutMs: 120_000,
};

/**
 * The only code that calls an edge (STYLE): HTTPS with the edge's bearer token, the edge's pinned certificate
 * as the only trust anchor when one is set, a timeout on every call. Failures to connect are
 * `EdgeUnreachableError`; an answer that is not a success of the edge API is `EdgeRejectedError`.
 */
@Injectable()
export class EdgeClient implements OnModuleDestroy {
  private readonly options: Required<EdgeClientOptions>;
  private readonly agents = new Map<string, Agent>();

  constructor(options: EdgeClientOptions = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** `POST /api/v1/poll`: one result per target, in target order (a failed device poll is data, not an error). */
  async pollDevices(edge: EdgeEndpoint, targets: readonly DeviceTarget[]): Promise<unknown[]> {
    const body: PollBatchRequest = { targets: [...targets] };
    const answer = await this.call(edge, 'POST', '/api/v1/poll', body, this.options.pollTimeoutMs);
    const results = isObject(answer) ? answer.results : undefined;
    if (!Array.isArray(results) || results.length !== targets.length) {
      throw new EdgeRejectedError(
        edge.name,
        200,
        `poll answer must hold ${targets.length} results, got ${Array.isArray(results) ? results.length : 'none'}`,
      );
    }
    // Each item is checked by the ingest, which records a malformed one as such.
    return results as unknown[];
  }

  /** `GET /api/health` (no token needed, sent anyway). */
  async health(edge: EdgeEndpoint): Promise<EdgeHealthResponse> {
    const answer = await this.call(edge, 'GET', '/api/health', undefined, this.options.healthTimeoutMs);
    if (!isObject(answer) || answer.status !== 'ok' || typeof answer.version !== 'string') {
      throw new EdgeRejectedError(edge.name, 200, 'health answer is not {status:"ok", version}');
    }
    return {
      status: 'ok',
      version: answer.version,
      uptimeSeconds: typeof answer.uptimeSeconds === 'number' ? answer.uptimeSeconds : 0,
    };
  }

  /** `GET /api/v1/device-events?after&waitMs`: the outbox of notification-triggered polls (long poll). */
  async readDeviceEvents(edge: EdgeEndpoint, after: string | null, waitMs: number): Promise<DeviceEventsResponse> {
    const query = new URLSearchParams({ waitMs: String(Math.max(0, Math.floor(waitMs))) });
    if (after !== null) query.set('after', after);
    const answer = await this.call(
      edge,
      'GET',
      `/api/v1/device-events?${query.toString()}`,
      undefined,
      waitMs + this.options.eventsGraceMs,
    );
    if (
      !isObject(answer) ||
      !Array.isArray(answer.items) ||
      typeof answer.nextCursor !== 'string' ||
      typeof answer.missed !== 'number'
    ) {
      throw new EdgeRejectedError(edge.name, 200, 'device-events answer is not {items, nextCursor, missed}');
    }
    return answer as unknown as DeviceEventsResponse;
  }

  /** `POST /api/v1/settings/capabilities`: what the device's driver can read and write (`ok: false` is data). */
  async settingsCapabilities(
    edge: EdgeEndpoint,
    request: SettingsCapabilitiesRequest,
  ): Promise<SettingsCapabilitiesResponse> {
    const answer = await this.call(
      edge,
      'POST',
      '/api/v1/settings/capabilities',
      request,
      this.options.settingsTimeoutMs,
    );
    if (!isObject(answer) || typeof answer.ok !== 'boolean' || (answer.ok && !Array.isArray(answer.settings))) {
      throw new EdgeRejectedError(edge.name, 200, 'settings capabilities answer is not {ok, settings}');
    }
    return answer as unknown as SettingsCapabilitiesResponse;
  }

  /** `POST /api/v1/settings/read`: the device's current values per key (secrets are never readable). */
  async readSettings(edge: EdgeEndpoint, request: SettingsReadRequest): Promise<SettingsReadResponse> {
    const answer = await this.call(edge, 'POST', '/api/v1/settings/read', request, this.options.settingsTimeoutMs);
    if (!isObject(answer) || typeof answer.ok !== 'boolean' || (answer.ok && !Array.isArray(answer.settings))) {
      throw new EdgeRejectedError(edge.name, 200, 'settings read answer is not {ok, settings}');
    }
    return answer as unknown as SettingsReadResponse;
  }

  /**
   * `POST /api/v1/settings/apply`, idempotent by `operationId`: asking again with the same id returns the remembered
   * outcome (`replayed: true`) instead of sending the settings to the device twice.
   */
  async applySettings(edge: EdgeEndpoint, request: SettingsApplyRequest): Promise<SettingsApplyResponse> {
    const answer = await this.call(edge, 'POST', '/api/v1/settings/apply', request, this.options.settingsTimeoutMs);
    if (
      !isObject(answer) ||
      typeof answer.ok !== 'boolean' ||
      answer.operationId !== request.operationId ||
      !Array.isArray(answer.settings)
    ) {
      throw new EdgeRejectedError(edge.name, 200, 'settings apply answer is not {ok, operationId, settings}');
    }
    return answer as unknown as SettingsApplyResponse;
  }

  async onModuleDestroy(): Promise<void> {
    const agents = [...this.agents.values()];
    this.agents.clear();
    await Promise.all(agents.map((a) => a.destroy()));
  }

  private async call(
    edge: EdgeEndpoint,
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    timeoutMs: number,
  ): Promise<unknown> {
    let url: URL;
    try {
      url = new URL(path, edge.url);
    } catch (cause) {
      throw new EdgeUnreachableError(edge.name, `invalid URL ${JSON.stringify(edge.url)}`, cause);
    }
    if (url.protocol !== 'https:') throw new EdgeUnreachableError(edge.name, 'the edge URL must use https');
    const headers: Record<string, string> = { authorization: `Bearer ${edge.token}`, accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        dispatcher: this.agentFor(edge),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (cause) {
      throw new EdgeUnreachableError(edge.name, describe(cause, timeoutMs), cause);
    }
    let text: string;
    try {
      const length = Number(res.headers['content-length'] ?? 0);
      if (length > this.options.maxResponseBytes) {
        await res.body.dump();
        throw new EdgeRejectedError(edge.name, res.statusCode, `answer too large (${length} bytes)`);
      }
      text = await res.body.text();
    } catch (cause) {
      if (cause instanceof EdgeRejectedError) throw cause;
      throw new EdgeUnreachableError(edge.name, describe(cause, timeoutMs), cause);
    }
    if (res.statusCode < 200 || res.statusCode >= 300) {
      throw new EdgeRejectedError(edge.name, res.statusCode, errorMessageOf(text));
    }
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new EdgeRejectedError(edge.name, res.statusCode, 'answer is not JSON');
    }
  }

  /** One keep-alive agent per edge and pinned certificate (a new PEM gets a new agent). */
  private agentFor(edge: EdgeEndpoint): Agent {
    const key = `${edge.id}:${edge.caPem === null ? 'system' : createHash('sha256').update(edge.caPem).digest('hex')}`;
    let agent = this.agents.get(key);
    if (!agent) {
      for (const [other, stale] of this.agents) {
        if (other.startsWith(`${edge.id}:`)) {
          this.agents.delete(other);
          void stale.close();
        }
      }
      agent = new Agent({
        connect: edge.caPem === null ? {} : { ca: edge.caPem },
        keepAliveTimeout: 30_000,
      });
      this.agents.set(key, agent);
    }
    return agent;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(cause: unknown, timeoutMs: number): string {
  if (cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = isObject(cause) && typeof cause.code === 'string' ? `${cause.code}: ` : '';
  return `${code}${cause instanceof Error ? cause.message : String(cause)}`;
}

/** The edge's error body `{error:{code,message}}` or `{message}`, shortened; never echoes headers. */
function errorMessageOf(text: string): string {
  try {
    const parsed = JSON.parse(text) as unknown;
    if (isObject(parsed)) {
      const error = parsed.error;
      if (isObject(error) && typeof error.message === 'string') {
        return `${typeof error.code === 'string' ? `${error.code}: ` : ''}${error.message}`.slice(0, 300);
      }
      if (typeof parsed.message === 'string') return parsed.message.slice(0, 300);
    }
  } catch {
    // not JSON
  }
  return text.slice(0, 300) || 'empty answer';
}
