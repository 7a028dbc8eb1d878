// Preloaded into the measured `poll` process with `node --require` (bundled to CommonJS by preparePoller). It does
// not change what the poller does: it only records process.cpuUsage()/memoryUsage() at three moments, as JSON lines
// appended to the file named by FLEETWARD_BENCH_PROBE:
//   - "start": the first UDP socket is created (the first sweep begins; module loading is over),
//   - "sweep": each time the poll command prints its per-sweep line on stderr ("sweep k/K: …"),
//   - "exit":  process.resourceUsage() at exit (exact user/system CPU and maxRSS of the whole process).
import dgram from 'node:dgram';
import fs from 'node:fs';

const file = process.env.FLEETWARD_BENCH_PROBE;

function install(path: string): void {
  const fd = fs.openSync(path, 'a');
  const emit = (event: string, extra: Record<string, number>): void => {
    const cpu = process.cpuUsage();
    const line = JSON.stringify({
      event,
      t: performance.now(),
      cpuUser: cpu.user / 1e6,
      cpuSystem: cpu.system / 1e6,
      rss: process.memoryUsage.rss(),
      heapUsed: process.memoryUsage().heapUsed,
      ...extra,
    });
    fs.writeSync(fd, `${line}\n`);
  };
  let started = false;
  const createSocket = dgram.createSocket.bind(dgram) as (...args: unknown[]) => dgram.Socket;
  (dgram as { createSocket: unknown }).createSocket = (...args: unknown[]): dgram.Socket => {
    if (!started) {
      started = true;
      emit('start', {});
    }
    return createSocket(...args);
  };
  const write = process.stderr.write.bind(process.stderr) as (...args: unknown[]) => boolean;
  (process.stderr as { write: unknown }).write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : '';
    const m = /^sweep (\d+)\/(\d+): (\d+) devices in (\d+) ms/.exec(text);
    const f = /in flight max (\d+) mean (\d+)/.exec(text);
    if (m)
      emit('sweep', {
        sweep: Number(m[1]),
        of: Number(m[2]),
        devices: Number(m[3]),
        ms: Number(m[4]),
        ...(f ? { inFlightMax: Number(f[1]), inFlightMean: Number(f[2]) } : {}),
      });
    return write(chunk, ...rest);
  };
  process.once('exit', () => {
    const ru = process.resourceUsage();
    emit('exit', { ruUser: ru.userCPUTime / 1e6, ruSystem: ru.systemCPUTime / 1e6, maxRss: ru.maxRSS * 1024 });
    fs.closeSync(fd);
  });
}

if (file) install(file);
