import { DEVICE_EVENT_CONTENT_TYPE, renderDeviceEventXml, type DeviceEventDocument } from '@fleetward/contracts';
import * as http from 'node:http';
import * as https from 'node:https';
import { SimulatorOptionsError } from '../simulator.errors';

export interface DeviceEventPusherOptions {
  /** Where to POST, e.g. `http://127.0.0.1:5001/device-events` or `https://127.0.0.1:5002/device-events`. */
  url: string;
  /** PEM CA certificate(s) to trust for an HTTPS target (e.g. the edge's self-signed certificate). */
  ca?: string;
  /** Per-request timeout in ms (default 5000). */
  timeoutMs?: number;
  /** Pushes in flight at once (default 16); more wait in a queue. */
  concurrency?: number;
  /** Queue length beyond which new pushes are dropped (default 1000), as a busy device would drop them. */
  maxQueue?: number;
  /** Called once per push that failed (network error, timeout, non-2xx); never throws into the model. */
  onError?: (address: string, message: string) => void;
  /** Called once per push the target accepted (2xx). */
  onSent?: (event: DeviceEventDocument, status: number) => void;
}

export interface PushOutcome {
  ok: boolean;
  status: number | null;
  error: string | null;
}

export interface PusherStats {
  sent: number;
  failed: number;
  dropped: number;
}

interface Job {
  event: DeviceEventDocument;
  localAddress: string | undefined;
  resolve: (outcome: PushOutcome) => void;
}

const MAX_RESPONSE_BYTES = 4096;

/**
 * The device side of device notifications: POSTs DeviceEvent XML documents to an edge over HTTP or HTTPS,
 * from the device's own address (so the edge can tell the sender), with a timeout, bounded concurrency and a
 * bounded queue.
 */
export class DeviceEventPusher {
  private readonly url: URL;
  private readonly timeoutMs: number;
  private readonly concurrency: number;
  private readonly maxQueue: number;
  private readonly queue: Job[] = [];
  private readonly idleWaiters: (() => void)[] = [];
  private inFlight = 0;
  private closed = false;
  readonly stats: PusherStats = { sent: 0, failed: 0, dropped: 0 };

  constructor(private readonly options: DeviceEventPusherOptions) {
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new SimulatorOptionsError(`notify url is not a URL: ${options.url}`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new SimulatorOptionsError(`notify url must be http or https, got ${url.protocol}`);
    }
    if (options.ca !== undefined && url.protocol !== 'https:') {
      throw new SimulatorOptionsError('notify ca is only meaningful for an https url');
    }
    this.url = url;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.concurrency = options.concurrency ?? 16;
    this.maxQueue = options.maxQueue ?? 1000;
    if (!Number.isInteger(this.timeoutMs) || this.timeoutMs < 1)
      throw new SimulatorOptionsError('notify timeoutMs must be a positive integer');
  }

  get target(): string {
    return this.url.toString();
  }

  /**
   * Queues one push; resolves with its outcome (never rejects). `localAddress` is the device's address, used as
   * the source address of the connection.
   */
  push(event: DeviceEventDocument, localAddress?: string): Promise<PushOutcome> {
    if (this.closed) return Promise.resolve({ ok: false, status: null, error: 'pusher closed' });
    if (this.queue.length >= this.maxQueue) {
      this.stats.dropped += 1;
      return Promise.resolve({ ok: false, status: null, error: 'queue full, event dropped' });
    }
    return new Promise<PushOutcome>((resolve) => {
      this.queue.push({ event, localAddress, resolve });
      this.pump();
    });
  }

  /** Resolves once nothing is queued or in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Stops taking new pushes and waits for those already taken. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle();
  }

  private pump(): void {
    while (this.inFlight < this.concurrency && this.queue.length > 0) {
      const job = this.queue.shift() as Job;
      this.inFlight += 1;
      void this.send(job.event, job.localAddress).then((outcome) => {
        this.inFlight -= 1;
        if (outcome.ok) {
          this.stats.sent += 1;
          this.options.onSent?.(job.event, outcome.status ?? 0);
        } else {
          this.stats.failed += 1;
          this.options.onError?.(job.event.address, `push to ${this.target} failed: ${outcome.error ?? 'unknown'}`);
        }
        job.resolve(outcome);
        this.pump();
        if (this.inFlight === 0 && this.queue.length === 0) for (const wake of this.idleWaiters.splice(0)) wake();
      });
    }
  }

  private send(event: DeviceEventDocument, localAddress: string | undefined): Promise<PushOutcome> {
    const body = Buffer.from(renderDeviceEventXml(event), 'utf8');
    const secure = this.url.protocol === 'https:';
    const request = secure ? https.request : http.request;
    return new Promise<PushOutcome>((resolve) => {
      let settled = false;
      const finish = (outcome: PushOutcome): void => {
        if (settled) return;
        settled = true;
        resolve(outcome);
      };
      const req = request(
        this.url,
        {
          method: 'POST',
          headers: {
            'content-type': DEVICE_EVENT_CONTENT_TYPE,
            'content-length': body.length,
            'user-agent': 'fleetward-simulator',
          },
          localAddress,
          timeout: this.timeoutMs,
          ...(secure ? { ca: this.options.ca, rejectUnauthorized: true } : {}),
          agent: false,
        },
        (res) => {
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) res.destroy();
          });
          res.on('error', () => undefined);
          res.on('close', () => {
            const status = res.statusCode ?? 0;
            if (status >= 200 && status < 300) finish({ ok: true, status, error: null });
            else finish({ ok: false, status, error: `HTTP ${status}` });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (error) => finish({ ok: false, status: null, error: error.message }));
      req.end(body);
    });
  }
}
