import dgram from 'node:dgram';
import { EventEmitter } from 'node:events';
import net from 'node:net';

/**
 * One UDP socket shared by many net-snmp sessions (net-snmp opens one socket per session by default).
 *
 * It is handed to net-snmp through its `dgramModule` option: each session gets a light virtual socket;
 * answers are dispatched by the sender's address and port to the sessions talking to that peer (each
 * session ignores request ids it does not own). Targets must be IP literals, because answers are matched
 * on the address the datagram comes from.
 */
export class SharedUdpTransport {
  private readonly socket: dgram.Socket;
  private readonly peers = new Map<string, Set<VirtualUdpSocket>>();
  private refCount = 0;
  private closed = false;

  /** Pass this as net-snmp's `dgramModule`. */
  readonly dgramModule = {
    createSocket: (_type: string): VirtualUdpSocket => new VirtualUdpSocket(this),
  };

  constructor(options: { type?: 'udp4' | 'udp6'; receiveBufferSize?: number } = {}) {
    this.socket = dgram.createSocket({
      type: options.type ?? 'udp4',
      recvBufferSize: options.receiveBufferSize ?? 8 * 1024 * 1024,
      sendBufferSize: 4 * 1024 * 1024,
    });
    this.socket.unref();
    this.socket.on('message', (msg, rinfo) => this.dispatch(msg, rinfo));
    this.socket.on('error', (error) => {
      for (const set of this.peers.values()) for (const vs of set) vs.emit('error', error);
    });
  }

  static canCarry(host: string): boolean {
    return net.isIP(host) !== 0;
  }

  /** Number of peers (host:port) with at least one session. */
  get peerCount(): number {
    return this.peers.size;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const set of this.peers.values()) for (const vs of [...set]) vs.close();
    this.socket.close();
  }

  /** @internal */
  send(
    vs: VirtualUdpSocket,
    buf: Buffer,
    offset: number,
    length: number,
    port: number,
    host: string,
    cb: (e: Error | null, bytes: number) => void,
  ): void {
    if (this.closed) {
      cb(new Error('shared UDP transport is closed'), 0);
      return;
    }
    const key = `${host}:${port}`;
    if (vs.peerKey !== key) {
      if (vs.peerKey) this.peers.get(vs.peerKey)?.delete(vs);
      vs.peerKey = key;
      let set = this.peers.get(key);
      if (!set) this.peers.set(key, (set = new Set()));
      set.add(vs);
    }
    this.socket.send(buf, offset, length, port, host, cb);
  }

  /** @internal */
  release(vs: VirtualUdpSocket): void {
    if (vs.peerKey) {
      const set = this.peers.get(vs.peerKey);
      set?.delete(vs);
      if (set && set.size === 0) this.peers.delete(vs.peerKey);
      vs.peerKey = null;
    }
    if (vs.isRef) this.changeRef(vs, false);
  }

  /** @internal */
  changeRef(vs: VirtualUdpSocket, ref: boolean): void {
    if (vs.isRef === ref) return;
    vs.isRef = ref;
    this.refCount += ref ? 1 : -1;
    if (this.closed) return;
    if (this.refCount > 0) this.socket.ref();
    else this.socket.unref();
  }

  private dispatch(msg: Buffer, rinfo: dgram.RemoteInfo): void {
    const set = this.peers.get(`${rinfo.address}:${rinfo.port}`);
    if (!set) return;
    for (const vs of set) vs.emit('message', msg, rinfo);
  }
}

/** The socket object a net-snmp session sees. */
export class VirtualUdpSocket extends EventEmitter {
  peerKey: string | null = null;
  isRef = false;
  private closed = false;

  constructor(private readonly transport: SharedUdpTransport) {
    super();
  }

  send(
    buf: Buffer,
    offset: number,
    length: number,
    port: number,
    host: string,
    cb: (error: Error | null, bytes: number) => void,
  ): void {
    this.transport.send(this, buf, offset, length, port, host, cb);
  }

  bind(): this {
    return this;
  }

  ref(): this {
    this.transport.changeRef(this, true);
    return this;
  }

  unref(): this {
    this.transport.changeRef(this, false);
    return this;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.release(this);
    setImmediate(() => this.emit('close'));
  }
}
