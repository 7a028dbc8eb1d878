import { isSettingKey, type SettingValue } from '@fleetward/contracts';
import { validateSettingValue } from '@fleetward/domain/settings';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JobKind, PrintOptions } from '../model/device-model';
import type { DeviceSettingsStore } from '../model/device-settings';
import { isFaultName, parseFaultOptions } from '../model/faults';
import type { Simulator } from '../simulator';
import { InvalidPrintRequestError, SimulatorError } from '../simulator.errors';

export interface ControlServerOptions {
  simulator: Simulator;
  /** Port on 127.0.0.1 (0 = any free port). */
  port: number;
  /** Loopback address to listen on (default 127.0.0.1). */
  host?: string;
}

class HttpError extends SimulatorError {
  constructor(
    readonly status: number,
    code: string,
    message: string,
  ) {
    super(code, message);
  }
}

const MAX_BODY_BYTES = 16 * 1024;
const JOB_KINDS: readonly JobKind[] = ['print', 'copy', 'fax', 'scan'];

/**
 * The simulator's control API, so a person, a demo or a test in another process can jam a device:
 * GET /devices, GET /devices/:address, POST /devices/:address/faults {fault, options?},
 * DELETE /devices/:address/faults/:fault, POST /devices/:address/print {pages, color?, duplex?, kind?},
 * GET /devices/:address/settings, PUT /devices/:address/settings/:key {value} (a change at the panel).
 * Errors are `{ code, message }` with 400 / 404 / 405 / 413 / 415.
 */
export class ControlServer {
  private server: http.Server | null = null;
  private boundUrl: string | null = null;

  constructor(private readonly options: ControlServerOptions) {}

  get url(): string | null {
    return this.boundUrl;
  }

  async start(): Promise<void> {
    const host = this.options.host ?? '127.0.0.1';
    const server = http.createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.boundUrl = `http://${host}:${port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    try {
      const result = await this.route(req);
      send(res, result.status, result.body);
    } catch (error) {
      if (error instanceof HttpError) {
        send(res, error.status, { code: error.code, message: error.message });
      } else if (error instanceof SimulatorError) {
        const status = error.code === 'SIM_DEVICE_NOT_FOUND' ? 404 : 400;
        send(res, status, { code: error.code, message: error.message });
      } else {
        send(res, 500, { code: 'SIM_INTERNAL', message: 'Internal error' });
      }
    }
  }

  private async route(req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
    const url = new URL(req.url ?? '/', 'http://control');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    const method = req.method ?? 'GET';
    const sim = this.options.simulator;

    if (parts[0] !== 'devices') throw new HttpError(404, 'SIM_NOT_FOUND', `No route ${url.pathname}`);
    if (parts.length === 1) {
      allow(method, 'GET');
      return {
        status: 200,
        body: sim.devices.map((d) => {
          const view = d.model;
          return {
            address: d.address,
            port: d.port,
            family: d.family,
            model: view.identity.model,
            serialNumber: view.identity.serialNumber,
            status: view.status,
            faults: view.faults,
          };
        }),
      };
    }
    const device = sim.device(parts[1] ?? '');
    if (parts.length === 2) {
      allow(method, 'GET');
      return { status: 200, body: { address: device.address, port: device.port, ...device.model } };
    }
    if (parts[2] === 'faults' && parts.length === 3) {
      allow(method, 'POST');
      const body = asObject(await readJson(req));
      const fault = body.fault;
      if (typeof fault !== 'string' || !isFaultName(fault)) {
        throw new HttpError(400, 'SIM_UNKNOWN_FAULT', `Unknown fault: ${String(fault)}`);
      }
      device.inject(fault, parseFaultOptions(fault, body.options));
      return { status: 200, body: { address: device.address, faults: device.model.faults } };
    }
    if (parts[2] === 'faults' && parts.length === 4) {
      allow(method, 'DELETE');
      const fault = parts[3] ?? '';
      if (!isFaultName(fault)) throw new HttpError(400, 'SIM_UNKNOWN_FAULT', `Unknown fault: ${fault}`);
      device.clear(fault);
      return { status: 200, body: { address: device.address, faults: device.model.faults } };
    }
    if (parts[2] === 'print' && parts.length === 3) {
      allow(method, 'POST');
      const body = asObject(await readJson(req));
      const pages = body.pages;
      if (typeof pages !== 'number') throw new InvalidPrintRequestError('pages must be a number');
      const options: PrintOptions = {};
      for (const key of Object.keys(body)) {
        if (!['pages', 'color', 'duplex', 'kind'].includes(key)) {
          throw new InvalidPrintRequestError(`unknown field ${key}`);
        }
      }
      if (body.color !== undefined) options.color = bool(body.color, 'color');
      if (body.duplex !== undefined) options.duplex = bool(body.duplex, 'duplex');
      if (body.kind !== undefined) {
        if (typeof body.kind !== 'string' || !(JOB_KINDS as readonly string[]).includes(body.kind)) {
          throw new InvalidPrintRequestError(`kind must be one of ${JOB_KINDS.join(', ')}`);
        }
        options.kind = body.kind as JobKind;
      }
      return { status: 200, body: device.print(pages, options) };
    }
    if (parts[2] === 'settings' && parts.length === 3) {
      allow(method, 'GET');
      return { status: 200, body: settingsView(device.settings) };
    }
    if (parts[2] === 'settings' && parts.length === 4) {
      // A change at the panel, behind Fleetward's back (what the drift check must notice): no password.
      allow(method, 'PUT');
      const key = parts[3] ?? '';
      if (!isSettingKey(key) || !device.settings.supportedKeys.includes(key)) {
        throw new HttpError(404, 'SIM_UNKNOWN_SETTING', `This device has no setting ${key}`);
      }
      const body = asObject(await readJson(req));
      const problems = validateSettingValue(key, body.value);
      if (problems.length > 0) {
        throw new HttpError(400, 'SIM_BAD_SETTING_VALUE', `${key}: ${problems.map((p) => p.message).join('; ')}`);
      }
      device.settings.changeLocally(key, body.value as SettingValue);
      return { status: 200, body: settingsView(device.settings) };
    }
    throw new HttpError(404, 'SIM_NOT_FOUND', `No route ${url.pathname}`);
  }
}

/** What the device shows on its panel: readable values only (never a secret), and how often it was written. */
function settingsView(store: DeviceSettingsStore): { applyCount: number; values: Record<string, SettingValue> } {
  const values: Record<string, SettingValue> = {};
  for (const key of store.supportedKeys) {
    const r = store.read(key);
    if (r.readable) values[key] = r.value;
  }
  return { applyCount: store.applyCount, values };
}

function allow(method: string, expected: string): void {
  if (method !== expected) throw new HttpError(405, 'SIM_METHOD_NOT_ALLOWED', `Use ${expected}`);
}

function bool(value: unknown, name: string): boolean {
  if (typeof value !== 'boolean') throw new InvalidPrintRequestError(`${name} must be true or false`);
  return value;
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new HttpError(400, 'SIM_BAD_BODY', 'Body must be a JSON object');
  }
  return value as Record<string, unknown>;
}

async function readJson(req: http.IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw new HttpError(415, 'SIM_UNSUPPORTED_MEDIA_TYPE', 'Send application/json');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'SIM_BODY_TOO_LARGE', `Body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'SIM_BAD_JSON', 'Body is not valid JSON');
  }
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}
