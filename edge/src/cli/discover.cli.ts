/**
 * `npm run -s discover -- 127.1.0.0/24 [--community public --community other] [--user … v3 options]`
 * Prints one JSON document per device that answered (identity + chosen driver), a summary on stderr.
 * Credentials are tried in order: each --community (v2c, or --snmp-version 1), then the v3 user if given.
 */
import type { SnmpCredentials } from '@fleetward/contracts';
import { parseArgs } from 'node:util';
import { discover } from '../discovery/discovery.service';
import { CliUsageError, credentialsFromArgs, intOption, SNMP_OPTIONS } from './cli-args';

const USAGE = `usage: discover RANGE [--port 161] [--community public]... [--snmp-version 1|2c]
                [--user U --auth-protocol sha --auth-key K --priv-protocol aes --priv-key K]
                [--timeout 1000] [--retries 0] [--concurrency 128] [--max-addresses 65536]
RANGE: CIDR (10.0.0.0/24), range (10.0.0.10-10.0.0.50) or one address`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...SNMP_OPTIONS, community: { type: 'string', multiple: true }, 'max-addresses': { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1) throw new CliUsageError('give exactly one RANGE');
  const credentials: SnmpCredentials[] = [];
  const version = values['snmp-version'] === '1' ? '1' : '2c';
  const communities = values.community ?? (values.user ? [] : ['public']);
  for (const community of communities) credentials.push({ version, community });
  if (values.user) credentials.push(credentialsFromArgs({ ...values, community: undefined, 'snmp-version': '3' }));
  let found = 0;
  const result = await discover({
    range: positionals[0]!,
    port: intOption(values.port, 'port', 161, 1, 65535),
    credentials,
    timeoutMs: intOption(values.timeout, 'timeout', 1000, 1, 600_000),
    retries: intOption(values.retries, 'retries', 0, 0, 10),
    concurrency: intOption(values.concurrency, 'concurrency', 128, 1, 100_000),
    maxAddresses: intOption(values['max-addresses'], 'max-addresses', 65_536, 1, 16_777_216),
    onDevice: (device) => {
      found++;
      process.stdout.write(`${JSON.stringify(device)}\n`);
    },
  });
  process.stderr.write(`scanned ${result.scanned} addresses in ${result.durationMs} ms: ${found} device(s) answered\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `discover: ${error instanceof Error ? error.message : String(error)}\n${error instanceof CliUsageError ? USAGE + '\n' : ''}`,
    );
    process.exitCode = 1;
  },
);
