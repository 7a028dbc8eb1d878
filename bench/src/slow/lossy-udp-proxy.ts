import dgram from 'node:dgram';

/** Small seeded PRNG (mulberry32): the same seed drops the same packets. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface LossyProxyStats {
  forwarded: number;
  dropped: number;
}

/**
 * A UDP relay that loses packets: each listen address i relays to upstream address i, dropping every datagram
 * (request or answer) with probability `lossRate`. Used to make some devices of the slow fleet lossy without
 * touching the simulator or the poller.
 */
export class LossyUdpProxy {
  readonly stats: LossyProxyStats = { forwarded: 0, dropped: 0 };
  private readonly listeners: dgram.Socket[] = [];
  private readonly clients: ({ address: string; port: number } | null)[] = [];
  private readonly upstreamIndex = new Map<string, number>();
  private upstream: dgram.Socket | null = null;
  private readonly random: () => number;

  constructor(
    private readonly options: {
      listen: readonly string[];
      port: number;
      upstream: readonly string[];
      upstreamPort: number;
      lossRate: number;
      seed: number;
    },
  ) {
    if (options.listen.length !== options.upstream.length)
      throw new RangeError('listen and upstream lists differ in length');
    if (!(options.lossRate >= 0 && options.lossRate < 1)) throw new RangeError('lossRate must be in [0, 1)');
    this.random = seededRandom(options.seed);
  }

  private drop(): boolean {
    if (this.random() < this.options.lossRate) {
      this.stats.dropped++;
      return true;
    }
    this.stats.forwarded++;
    return false;
  }

  async start(): Promise<void> {
    const upstream = dgram.createSocket('udp4');
    this.upstream = upstream;
    this.options.upstream.forEach((address, i) => this.upstreamIndex.set(`${address}:${this.options.upstreamPort}`, i));
    upstream.on('message', (msg, rinfo) => {
      const i = this.upstreamIndex.get(`${rinfo.address}:${rinfo.port}`);
      const client = i === undefined ? null : this.clients[i];
      if (i === undefined || !client || this.drop()) return;
      this.listeners[i]!.send(msg, client.port, client.address);
    });
    await new Promise<void>((resolve, reject) => {
      upstream.once('error', reject);
      upstream.bind(0, '127.0.0.1', () => resolve());
    });
    await Promise.all(
      this.options.listen.map(
        (address, i) =>
          new Promise<void>((resolve, reject) => {
            const s = dgram.createSocket('udp4');
            this.listeners[i] = s;
            this.clients[i] = null;
            s.on('message', (msg, rinfo) => {
              this.clients[i] = { address: rinfo.address, port: rinfo.port };
              if (this.drop()) return;
              upstream.send(msg, this.options.upstreamPort, this.options.upstream[i]);
            });
            s.once('error', reject);
            s.bind(this.options.port, address, () => resolve());
          }),
      ),
    );
  }

  close(): void {
    for (const s of this.listeners) s.close();
    this.listeners.length = 0;
    this.upstream?.close();
    this.upstream = null;
  }
}
