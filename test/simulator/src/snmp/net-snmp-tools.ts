import { execFile, spawnSync } from 'node:child_process';

/** Net-SNMP command-line tools (Debian `snmp`), used by the integration tests as an independent manager. */
export const NET_SNMP_AVAILABLE = spawnSync('snmpget', ['--version'], { encoding: 'utf8' }).status === 0;

export interface ToolResult {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export function runNetSnmp(tool: 'snmpget' | 'snmpwalk' | 'snmpset', args: string[]): Promise<ToolResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(tool, args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

/** `-On -Oq` output lines → OID (without the leading dot) → raw value text (quotes removed). */
export function parseValues(stdout: string): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of stdout.split('\n')) {
    const match = /^\.?([\d.]+)\s+(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    values.set(match[1], (match[2] ?? '').replace(/^"(.*)"$/, '$1').trim());
  }
  return values;
}
