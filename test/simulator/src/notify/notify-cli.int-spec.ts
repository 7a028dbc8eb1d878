import { spawn } from 'node:child_process';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
// eslint-disable-next-line no-restricted-imports -- Node-only parser, kept out of the @fleetward/domain index (web imports it)
import { parseDeviceEvent } from '../../../../libs/domain/src/device-event';

const ROOT = path.resolve(__dirname, '../../../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

async function waitFor(check: () => boolean, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

describe('npm run sim -- --notify-url', () => {
  it('pushes a DeviceEvent when a fault is injected through the control API', async () => {
    const bodies: { remote: string | undefined; body: string }[] = [];
    const receiver = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        bodies.push({ remote: req.socket.remoteAddress, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/device-events`;
    const child = spawn(
      TSX,
      [
        'test/simulator/src/cli.ts',
        ...['--devices', '2', '--base-address', '127.2.8.1', '--port', '16196', '--control-port', '0'],
        ...['--tick-ms', '0', '--no-auto-faults', '--quiet-events', '--notify-url', url],
      ],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => stdout.includes('Device notifications:') || child.exitCode !== null, 30_000);
      expect(stdout, stderr).toContain(`Device notifications: ${url}`);
      const control = /Control API: (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      expect(control, stdout).toBeDefined();
      const response = await fetch(`${control}/devices/127.2.8.2/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ fault: 'doorOpen' }),
      });
      expect(response.status).toBeLessThan(300);
      await waitFor(() => bodies.length > 0, 10_000);
      expect(bodies[0]?.remote).toBe('127.2.8.2');
      expect(parseDeviceEvent(bodies[0]?.body ?? '')).toMatchObject({ address: '127.2.8.2', type: 'error' });
    } finally {
      child.kill('SIGTERM');
      await exited;
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });

  it('refuses --notify-ca without --notify-url', async () => {
    const child = spawn(TSX, ['test/simulator/src/cli.ts', '--notify-ca', '/nonexistent.pem'], { cwd: ROOT });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(1);
    expect(stderr).toContain('--notify-ca needs --notify-url');
  });
});
