import { describe, expect, it } from 'vitest';
import { machineDelta, parseMachineCpu, parseProcStatCpu, parseProcStatusKb, parseUdpRcvbufErrors } from './proc-stat';

describe('/proc parsers', () => {
  it('reads utime + stime from /proc/<pid>/stat, even with spaces and parentheses in the name', () => {
    const stat = '1234 (node (x) y) S 1 1234 1234 0 -1 4194304 100 0 0 0 250 50 0 0 20 0 11 0 100 1000 500';
    expect(parseProcStatCpu(stat)).toBe(3);
  });

  it('reads VmHWM in bytes', () => {
    expect(parseProcStatusKb('Name:\tnode\nVmHWM:\t  20480 kB\nVmRSS:\t 1024 kB\n', 'VmHWM')).toBe(20480 * 1024);
    expect(parseProcStatusKb('Name:\tnode\n', 'VmHWM')).toBeNull();
  });

  it('reads the machine busy ticks (idle and iowait excluded)', () => {
    expect(parseMachineCpu('cpu  100 5 50 1000 10 1 2 3 0 0\ncpu0 1 2 3\n')).toEqual({ busy: 161, total: 1171 });
  });

  it('reads UDP RcvbufErrors from /proc/net/snmp', () => {
    const text = 'Udp: InDatagrams NoPorts InErrors OutDatagrams RcvbufErrors SndbufErrors\nUdp: 10 1 7 9 6 0\n';
    expect(parseUdpRcvbufErrors(text)).toBe(6);
    expect(parseUdpRcvbufErrors('Ip: 1\nIp: 2\n')).toBeNull();
  });

  it('turns two samples into busy cores and drops', () => {
    expect(
      machineDelta({ at: 0, busyTicks: 0, udpRcvbufErrors: 5 }, { at: 2000, busyTicks: 300, udpRcvbufErrors: 9 }),
    ).toEqual({
      busyCores: 1.5,
      udpDrops: 4,
    });
  });
});
