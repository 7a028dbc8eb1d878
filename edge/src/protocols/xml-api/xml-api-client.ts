import {
  buildXmlApiRequest,
  checkXmlDocument,
  readXmlApiResponse,
  XML_API_CONTENT_TYPE,
  XML_API_MAX_BYTES,
  XML_API_PARSER_OPTIONS,
  XML_API_PATH,
  XML_API_PORTS,
  XmlApiFormatError,
  type SettingValues,
  type XmlApiReadItem,
  type XmlApiRequest,
  type XmlApiResponse,
  type XmlApiResult,
} from '@fleetward/contracts';
import { Agent, request as undiciRequest } from 'undici';
import { Parser } from 'xml2js';
import {
  DeviceAuthError,
  DeviceMalformedAnswerError,
  DeviceTimeoutError,
  DeviceUnreachableError,
} from './xml-api.errors';

/** One HTTP exchange: what the client needs from a transport (a fake implements it in unit tests). */
export type XmlApiTransport = (exchange: {
  url: string;
  body: string;
  timeoutMs: number;
  caPem?: string;
}) => Promise<{ status: number; body: string }>;

export interface XmlApiClientOptions {
  host: string;
  adminPassword: string;
  /** TLS on 50003 (default true) or plain HTTP on 50001. */
  tls?: boolean;
  port?: number;
  /**
   * PEM certificate (or CA) to pin. Devices ship with self-signed certificates whose names never match their
   * addresses, so without a pin the TLS link is encrypted but the device is not authenticated (the norm for
   * MFP management tools); with a pin the certificate chain must verify against it (host name not checked).
   */
  caPem?: string;
  timeoutMs?: number;
  transport?: XmlApiTransport;
}

/**
 * Client of the vendor XML API (contract: libs/contracts/src/settings/xml-api.ts). The whole vendor protocol
 * of the edge lives in this folder, so a binding to the real vendor API replaces it. Failures of the whole
 * exchange are typed errors; per-setting outcomes are data.
 */
export class XmlApiClient {
  private readonly url: string;
  private readonly transport: XmlApiTransport;
  private readonly timeoutMs: number;

  constructor(private readonly options: XmlApiClientOptions) {
    const tls = options.tls ?? true;
    const port = options.port ?? (tls ? XML_API_PORTS.https : XML_API_PORTS.http);
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.url = `${tls ? 'https' : 'http'}://${host}:${port}${XML_API_PATH}`;
    this.transport = options.transport ?? undiciTransport;
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async getSettings(keys: readonly string[] | null): Promise<XmlApiReadItem[]> {
    const r = await this.exchange({
      adminPassword: this.options.adminPassword,
      op: 'get',
      keys: keys ? [...keys] : null,
    });
    if (r.status !== 'ok' || !('settings' in r))
      throw new DeviceMalformedAnswerError('expected <Settings> in the answer');
    return r.settings;
  }

  async setSettings(values: SettingValues): Promise<XmlApiResult[]> {
    const settings = Object.entries(values).map(([key, value]) => ({
      key,
      value: { ok: true as const, value: value! },
    }));
    const r = await this.exchange({ adminPassword: this.options.adminPassword, op: 'set', settings });
    if (r.status !== 'ok' || !('results' in r))
      throw new DeviceMalformedAnswerError('expected <Results> in the answer');
    return r.results;
  }

  private async exchange(request: XmlApiRequest): Promise<XmlApiResponse> {
    const where = `${this.options.host} XML API`;
    const answer = await this.transport({
      url: this.url,
      body: buildXmlApiRequest(request),
      timeoutMs: this.timeoutMs,
      ...(this.options.caPem ? { caPem: this.options.caPem } : {}),
    });
    const problem = checkXmlDocument(answer.body);
    if (problem) throw new DeviceMalformedAnswerError(`${where} answered HTTP ${answer.status}: ${problem.message}`);
    let parsed: unknown;
    try {
      parsed = await new Parser(XML_API_PARSER_OPTIONS).parseStringPromise(answer.body);
    } catch (error) {
      throw new DeviceMalformedAnswerError(`${where} answered with XML that is not well-formed`, { cause: error });
    }
    let response: XmlApiResponse;
    try {
      response = readXmlApiResponse(parsed);
    } catch (error) {
      if (error instanceof XmlApiFormatError)
        throw new DeviceMalformedAnswerError(`${where} answered with an unexpected document: ${error.message}`);
      throw error;
    }
    if (response.status === 'error') {
      if (response.code === 'AUTH_FAILED')
        throw new DeviceAuthError(`${where} refused the administrator password: ${response.message}`);
      throw new DeviceMalformedAnswerError(`${where} refused the request (${response.code}): ${response.message}`);
    }
    return response;
  }
}

const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** The real transport: undici over HTTP or HTTPS, bounded answer size, one Agent per pin. */
export const undiciTransport: XmlApiTransport = async ({ url, body, timeoutMs, caPem }) => {
  const tls = url.startsWith('https:');
  const agent = new Agent({
    connect: tls
      ? caPem
        ? { ca: caPem, rejectUnauthorized: true, checkServerIdentity: () => undefined }
        : { rejectUnauthorized: false }
      : {},
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    connectTimeout: timeoutMs,
  });
  try {
    const res = await undiciRequest(url, {
      method: 'POST',
      body,
      headers: { 'content-type': XML_API_CONTENT_TYPE },
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body) {
      size += (chunk as Buffer).length;
      if (size > XML_API_MAX_BYTES) {
        res.body.destroy();
        throw new DeviceMalformedAnswerError(`answer larger than ${XML_API_MAX_BYTES} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
    return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    throw mapTransportError(error, url);
  } finally {
    void agent.close();
  }
};

function mapTransportError(error: unknown, url: string): Error {
  if (error instanceof DeviceMalformedAnswerError) return error;
  const e = error as { name?: string; code?: string; cause?: { code?: string } };
  const code = e.code ?? e.cause?.code;
  const where = new URL(url).host;
  if (e.name === 'TimeoutError' || e.name === 'AbortError' || (code !== undefined && /TIMEOUT/.test(code)))
    return new DeviceTimeoutError(`${where} did not answer in time`, { cause: error });
  if (code !== undefined && UNREACHABLE.has(code))
    return new DeviceUnreachableError(`${where} is unreachable (${code})`, { cause: error });
  if (code !== undefined && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code))
    return new DeviceUnreachableError(`${where}: TLS failed (${code})`, { cause: error });
  return new DeviceUnreachableError(`${where}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  });
}
