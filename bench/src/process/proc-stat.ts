import { readFileSync } from 'node:fs';

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ; 100 on Linux x86-64 and arm64). */
export const USER_HZ = 100;

/** user + system CPU seconds from the text of /proc/<pid>/stat (fields 14 and 15; the name may hold spaces). */
export function parseProcStatCpu(text: string, hz = USER_HZ): number {
  const close = text.lastIndexOf(')');
  if (close < 0) throw new Error('malformed /proc/<pid>/stat: no ")"');
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/);
  // After the name: field 3 (state) is fields[0]; utime (14) is fields[11], stime (15) fields[12].
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) throw new Error('malformed /proc/<pid>/stat: bad times');
  return (utime + stime) / hz;
}

/** A `Vm…` line of /proc/<pid>/status in bytes (e.g. VmHWM = peak RSS), or null when absent. */
export function parseProcStatusKb(text: string, key: 'VmHWM' | 'VmRSS'): number | null {
  const m = new RegExp(`^${key}:\\s+(\\d+)\\s+kB`, 'm').exec(text);
  return m ? Number(m[1]) * 1024 : null;
}

/** CPU seconds (user+system) of a live process. */
export function processCpuSeconds(pid: number): number {
  return parseProcStatCpu(readFileSync(`/proc/${pid}/stat`, 'utf8'));
}

/** Peak resident set size (VmHWM) of a live process, in bytes. */
export function processPeakRss(pid: number): number | null {
  return parseProcStatusKb(readFileSync(`/proc/${pid}/status`, 'utf8'), 'VmHWM');
}

/** Busy and total CPU ticks of the whole machine from the first line of /proc/stat. */
export function parseMachineCpu(text: string): { busy: number; total: number } {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) throw new Error('malformed /proc/stat: no "cpu " line');
  const f = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice (guest time is already in user).
  const total = f.slice(0, 8).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
  const idle = (f[3] ?? 0) + (f[4] ?? 0);
  return { busy: total - idle, total };
}

/** UDP "RcvbufErrors" (datagrams dropped because a socket's receive buffer was full) from /proc/net/snmp. */
export function parseUdpRcvbufErrors(text: string): number | null {
  const lines = text.split('\n').filter((l) => l.startsWith('Udp: '));
  if (lines.length < 2) return null;
  const names = lines[0]!.split(/\s+/).slice(1);
  const values = lines[1]!.split(/\s+/).slice(1);
  const i = names.indexOf('RcvbufErrors');
  return i < 0 ? null : Number(values[i]);
}

/** Machine-wide counters sampled around a measured run. */
export interface MachineSample {
  at: number;
  busyTicks: number;
  udpRcvbufErrors: number | null;
}

export function sampleMachine(): MachineSample {
  let udp: number | null = null;
  try {
    udp = parseUdpRcvbufErrors(readFileSync('/proc/net/snmp', 'utf8'));
  } catch {
    udp = null;
  }
  return {
    at: performance.now(),
    busyTicks: parseMachineCpu(readFileSync('/proc/stat', 'utf8')).busy,
    udpRcvbufErrors: udp,
  };
}

/** Cores busy on the whole machine between two samples (ours and everyone else's) and UDP drops in between. */
export function machineDelta(a: MachineSample, b: MachineSample): { busyCores: number; udpDrops: number | null } {
  const seconds = Math.max((b.at - a.at) / 1000, 1e-3);
  return {
    busyCores: (b.busyTicks - a.busyTicks) / USER_HZ / seconds,
    udpDrops: a.udpRcvbufErrors === null || b.udpRcvbufErrors === null ? null : b.udpRcvbufErrors - a.udpRcvbufErrors,
  };
}
