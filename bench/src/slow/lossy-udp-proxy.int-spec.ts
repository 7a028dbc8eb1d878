import dgram from 'node:dgram';
import { afterEach, describe, expect, it } from 'vitest';
import { LossyUdpProxy } from './lossy-udp-proxy';

const PORT = 16_161;
const opened: { close(): void }[] = [];

afterEach(() => {
  for (const o of opened.splice(0)) o.close();
});

/** A UDP echo "device" that prefixes its address, so answers show which device spoke. */
async function echo(address: string): Promise<void> {
  const s = dgram.createSocket('udp4');
  opened.push(s);
  s.on('message', (msg, rinfo) => s.send(Buffer.concat([Buffer.from(`${address}:`), msg]), rinfo.port, rinfo.address));
  await new Promise<void>((resolve) => s.bind(PORT, address, () => resolve()));
}

async function ask(client: dgram.Socket, address: string, text: string, waitMs = 300): Promise<string | null> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      client.off('message', onMessage);
      resolve(null);
    }, waitMs);
    const onMessage = (msg: Buffer, rinfo: dgram.RemoteInfo): void => {
      // Only this request's answer: a late answer to an earlier request must not count for this one.
      if (rinfo.address !== address || !msg.toString().endsWith(`:${text}`)) return;
      clearTimeout(timer);
      client.off('message', onMessage);
      resolve(msg.toString());
    };
    client.on('message', onMessage);
    client.send(text, PORT, address);
  });
}

describe('LossyUdpProxy over real loopback UDP', () => {
  it('relays each listen address to its own upstream and answers from the listen address', async () => {
    await echo('127.5.250.1');
    await echo('127.5.250.2');
    const sut = new LossyUdpProxy({
      listen: ['127.5.251.1', '127.5.251.2'],
      port: PORT,
      upstream: ['127.5.250.1', '127.5.250.2'],
      upstreamPort: PORT,
      lossRate: 0,
      seed: 1,
    });
    await sut.start();
    opened.push(sut);
    const client = dgram.createSocket('udp4');
    opened.push(client);
    await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', () => resolve()));
    expect(await ask(client, '127.5.251.2', 'hello')).toBe('127.5.250.2:hello');
    expect(await ask(client, '127.5.251.1', 'again')).toBe('127.5.250.1:again');
    expect(sut.stats).toEqual({ forwarded: 4, dropped: 0 });
  });

  it('drops about the configured share of datagrams, the same ones for the same seed', async () => {
    await echo('127.5.250.3');
    const results: (string | null)[][] = [];
    for (const _ of [1, 2]) {
      const sut = new LossyUdpProxy({
        listen: ['127.5.251.3'],
        port: PORT,
        upstream: ['127.5.250.3'],
        upstreamPort: PORT,
        lossRate: 0.5,
        seed: 7,
      });
      await sut.start();
      const client = dgram.createSocket('udp4');
      await new Promise<void>((resolve) => client.bind(0, '127.0.0.1', () => resolve()));
      const answers: (string | null)[] = [];
      for (let i = 0; i < 20; i++) answers.push(await ask(client, '127.5.251.3', `m${i}`, 100));
      results.push(answers);
      client.close();
      sut.close();
      expect(sut.stats.dropped).toBeGreaterThan(0);
    }
    expect(results[0]).toEqual(results[1]);
    const answered = results[0]!.filter((a) => a !== null).length;
    // Each round trip survives two 50 % draws: about a quarter answer.
    expect(answered).toBeGreaterThan(0);
    expect(answered).toBeLessThan(20);
  });
});
