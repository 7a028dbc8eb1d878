import type {
  DeviceEventsResponse,
  DeviceTarget,
  DiscoverRequest,
  DiscoverResponse,
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
import type { PeerCertificate } from 'node:tls';
import { Agent, request } from 'undici';
import { EdgeRejectedError, EdgeUnreachableError } from './edge-client.errors';

/** URI SAN the edge CA puts in every edge certificate: `urn:fleetward:edge:<edge id>`. */
export const EDGE_CERTIFICATE_URI_PREFIX = 'urn:fleetward:edge:';

/** What a call needs to reach one edge; secrets are already decrypted (never logged). */
export interface EdgeEndpoint {
  readonly id: string;
  readonly name: string;
  /** Base URL, e.g. `https://10.0.0.5:5000`. */
  readonly url: string;
  /** Bearer token of a manually connected edge; null for an activated edge (mutual TLS). */
  readonly token: string | null;
  /** Certificate or CA PEM to trust instead of the system CAs (pinning); null = system CAs. */
  readonly caPem: string | null;
  /**
   * Activated edge: the server presents its client certificate, trusts only the edge CA and accepts only a
   * certificate naming THIS edge id (URI SAN), whatever the URL's host is.
   */
  readonly mutualTls?: { caPem: string; certificatePem: string; keyPem: string } | null;
}

/** `checkServerIdentity` for an activated edge: the peer certificate must carry the edge's URI SAN. */
export function checkEdgeIdentity(edgeId: string, peer: Pick<PeerCertificate, 'subjectaltname'>): Error | undefined {
  const uris = (peer.subjectaltname ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.startsWith('URI:'))
    .map((part) => part.slice(4));
  if (uris.includes(`${EDGE_CERTIFICATE_URI_PREFIX}${edgeId}`)) return undefined;
  const named = uris.find((u) => u.startsWith(EDGE_CERTIFICATE_URI_PREFIX));
  return new Error(
    named
      ? `the edge presented the certificate of another edge (${named.slice(EDGE_CERTIFICATE_URI_PREFIX.length)}), expected ${edgeId}`
      : `the edge's certificate does not name edge ${edgeId}`,
  );
}

export interface EdgeClientOptions {
  /** Timeout of `GET /api/health` (ms). */
  healthTimeoutMs?: number;
  /** Timeout of one `POST /api/v1/poll` batch (ms). */
  pollTimeoutMs?: number;
  /** Added to `waitMs` for the device-events long poll (ms). */
  eventsGraceMs?: number;
  /** Timeout of one `POST /api/v1/discover` scan (ms). */
  discoverTimeoutMs?: number;
  /** Largest answer read from an edge (bytes). */
  maxResponseBytes?: number;
  /** Timeout of one settings call (capabilities, read, apply of one device) (ms). */
  settingsTimeoutMs?: number;
}

const DEFAULTS: Required<EdgeClientOptions> = {
  healthTimeoutMs: 10_000,
  pollTimeoutMs: 180_000,
  eventsGraceMs: 10_000,
  discoverTimeoutMs: 300_000,
  maxResponseBytes: 64 * 1024 * 1024,
  // Longer than the edge's own bound on a settings-file exchange (WebDAV pull 120 s + result 60 s by default).
  settingsTimeoutMs: 240_000,
};

/**
 * The only code that calls an edge (STYLE): mutual TLS with an activated edge (server client certificate, edge CA
 * as the only trust anchor, edge id checked), or HTTPS with the bearer token and pinned certificate of a manually
 * connected edge; a timeout on every call. Failures to connect are
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

  /**
   * `POST /api/v1/discover`: scans a range with the given SNMP credentials (tried in order). The answer names the
   * credential that answered by index, never echoes a secret. A range the edge refuses is `EdgeRejectedError` (400).
   */
  async discover(edge: EdgeEndpoint, body: DiscoverRequest): Promise<DiscoverResponse> {
    const answer = await this.call(edge, 'POST', '/api/v1/discover', body, this.options.discoverTimeoutMs);
    if (
      !isObject(answer) ||
      typeof answer.range !== 'string' ||
      typeof answer.scanned !== 'number' ||
      !Array.isArray(answer.devices) ||
      !answer.devices.every(
        (d) =>
          isObject(d) &&
          typeof d.host === 'string' &&
          typeof d.port === 'number' &&
          typeof d.credentialIndex === 'number' &&
          isObject(d.identity),
      )
    ) {
      throw new EdgeRejectedError(edge.name, 200, 'discover answer is not {range, scanned, devices}');
    }
    return answer as unknown as DiscoverResponse;
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
    const headers: Record<string, string> = { accept: 'application/json' };
    if (edge.token !== null && !edge.mutualTls) headers.authorization = `Bearer ${edge.token}`;
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

  /** One keep-alive agent per edge and trust material (a new PEM or client certificate gets a new agent). */
  private agentFor(edge: EdgeEndpoint): Agent {
    const mtls = edge.mutualTls ?? null;
    const material = mtls ? `mtls\n${mtls.caPem}\n${mtls.certificatePem}` : edge.caPem;
    const key = `${edge.id}:${material === null ? 'system' : createHash('sha256').update(material).digest('hex')}`;
    let agent = this.agents.get(key);
    if (!agent) {
      for (const [other, stale] of this.agents) {
        if (other.startsWith(`${edge.id}:`)) {
          this.agents.delete(other);
          void stale.close();
        }
      }
      const edgeId = edge.id;
      agent = new Agent({
        connect: mtls
          ? {
              ca: mtls.caPem,
              cert: mtls.certificatePem,
              key: mtls.keyPem,
              checkServerIdentity: (_host: string, peer: PeerCertificate) => checkEdgeIdentity(edgeId, peer),
            }
          : edge.caPem === null
            ? {}
            : { ca: edge.caPem },
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
