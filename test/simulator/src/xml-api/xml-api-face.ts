import {
  buildXmlApiResponse,
  checkXmlDocument,
  isSettingKey,
  readXmlApiRequest,
  XML_API_CONTENT_TYPE,
  XML_API_ERROR_HTTP_STATUS,
  XML_API_MAX_BYTES,
  XML_API_PARSER_OPTIONS,
  XML_API_PATH,
  XmlApiFormatError,
  type SettingValues,
  type XmlApiErrorCode,
  type XmlApiReadItem,
  type XmlApiRequest,
  type XmlApiResponse,
  type XmlApiResult,
} from '@fleetward/contracts';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { Parser } from 'xml2js';
import type { DeviceModel } from '../model/device-model';
import { SimulatorError } from '../simulator.errors';
import { deviceCertificate } from './device-certificate';

export interface XmlApiFaceOptions {
  model: DeviceModel;
  address: string;
  /** Plain HTTP port (0 = any free port). */
  port: number;
  /** TLS port (0 = any free port). */
  tlsPort: number;
  schedule?: (fn: () => void, ms: number) => void;
}

export class XmlApiBindError extends SimulatorError {
  constructor(address: string, port: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super('SIM_XML_API_BIND_FAILED', `Cannot serve the XML API on ${address}:${port}: ${reason}`, { cause });
  }
}

class XmlApiRefusal extends Error {
  constructor(
    readonly code: XmlApiErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The vendor XML API face of one i-series device (contract: libs/contracts/src/settings/xml-api.ts), over the
 * device's settings store: HTTP and HTTPS on the device's own address. Every request is checked as the device
 * would: size, no DTDs, shape, the administrator password; then each setting on its own (partial success).
 */
export class XmlApiFace {
  private servers: http.Server[] = [];
  private bound = { port: 0, tlsPort: 0 };
  private readonly schedule: (fn: () => void, ms: number) => void;
  private requests = 0;

  constructor(private readonly options: XmlApiFaceOptions) {
    this.schedule = options.schedule ?? ((fn, ms) => void setTimeout(fn, ms));
  }

  get port(): number {
    return this.bound.port;
  }

  get tlsPort(): number {
    return this.bound.tlsPort;
  }

  /** Requests answered (any outcome). */
  get served(): number {
    return this.requests;
  }

  async start(): Promise<void> {
    const cert = deviceCertificate();
    const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => this.gate(req, res);
    const plain = http.createServer(handler);
    const tls = https.createServer({ cert: cert.certPem, key: cert.keyPem }, handler);
    try {
      this.bound.port = await listen(plain, this.options.address, this.options.port);
      this.servers.push(plain);
      this.bound.tlsPort = await listen(tls, this.options.address, this.options.tlsPort);
      this.servers.push(tls);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async stop(): Promise<void> {
    const servers = this.servers.splice(0);
    await Promise.all(
      servers.map(
        (s) =>
          new Promise<void>((resolve) => {
            s.closeAllConnections();
            s.close(() => resolve());
          }),
      ),
    );
  }

  private gate(req: http.IncomingMessage, res: http.ServerResponse): void {
    const policy = this.options.model.answerPolicy();
    if (!policy.answer) {
      req.socket.destroy();
      return;
    }
    const run = (): void => void this.handle(req, res);
    if (policy.delayMs > 0) this.schedule(run, policy.delayMs);
    else run();
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let response: XmlApiResponse;
    try {
      if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== XML_API_PATH)
        throw new XmlApiRefusal('MALFORMED_REQUEST', `only POST ${XML_API_PATH} is served`);
      const text = await readBody(req);
      const problem = checkXmlDocument(text);
      if (problem) throw new XmlApiRefusal(problem.code, problem.message);
      let parsed: unknown;
      try {
        parsed = await new Parser(XML_API_PARSER_OPTIONS).parseStringPromise(text);
      } catch (error) {
        throw new XmlApiRefusal('MALFORMED_REQUEST', `not well-formed XML: ${firstLine(error)}`);
      }
      let request: XmlApiRequest;
      try {
        request = readXmlApiRequest(parsed);
      } catch (error) {
        if (error instanceof XmlApiFormatError) throw new XmlApiRefusal('MALFORMED_REQUEST', error.message);
        throw error;
      }
      response = this.answer(request);
    } catch (error) {
      response =
        error instanceof XmlApiRefusal
          ? { status: 'error', code: error.code, message: error.message }
          : { status: 'error', code: 'INTERNAL', message: 'internal error' };
    }
    this.requests += 1;
    const status = response.status === 'error' ? XML_API_ERROR_HTTP_STATUS[response.code] : 200;
    res.writeHead(status, { 'content-type': XML_API_CONTENT_TYPE });
    res.end(buildXmlApiResponse(response));
  }

  private answer(request: XmlApiRequest): XmlApiResponse {
    const store = this.options.model.settingsStore;
    if (!store.verifyAdminPassword(request.adminPassword))
      throw new XmlApiRefusal('AUTH_FAILED', 'administrator password is wrong');
    if (request.op === 'get') {
      const keys = request.keys ?? store.supportedKeys;
      const settings = keys.map((key): XmlApiReadItem => {
        if (!isSettingKey(key)) return { key, status: 'unreadable', reason: 'unknown setting' };
        const r = store.read(key);
        return r.readable ? { key, status: 'ok', value: r.value } : { key, status: 'unreadable', reason: r.reason };
      });
      return { status: 'ok', settings };
    }
    const results = new Map<string, XmlApiResult>();
    const values: SettingValues = {};
    for (const { key, value } of request.settings) {
      if (!isSettingKey(key))
        results.set(key, { key, status: 'unsupported', code: 'UNKNOWN_SETTING', message: 'unknown setting' });
      else if (!value.ok)
        results.set(key, { key, status: 'rejected', code: 'VALUE_MALFORMED', message: value.message });
      else values[key] = value.value;
    }
    for (const outcome of store.apply(values, { adminPassword: request.adminPassword })) {
      results.set(outcome.key, {
        key: outcome.key,
        status: outcome.status,
        ...(outcome.status === 'rejected' ? { code: 'VALUE_REFUSED' } : {}),
        ...(outcome.status === 'unsupported' ? { code: 'UNSUPPORTED' } : {}),
        ...(outcome.message ? { message: outcome.message } : {}),
      });
    }
    return { status: 'ok', results: request.settings.map((s) => results.get(s.key)!) };
  }
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}

function listen(server: http.Server, address: string, port: number): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const onError = (error: unknown): void => reject(new XmlApiBindError(address, port, error));
    server.once('error', onError);
    server.listen(port, address, () => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function readBody(req: http.IncomingMessage): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > XML_API_MAX_BYTES) {
        if (!refused) reject(new XmlApiRefusal('TOO_LARGE', `document is larger than ${XML_API_MAX_BYTES} bytes`));
        refused = true;
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!refused) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}
