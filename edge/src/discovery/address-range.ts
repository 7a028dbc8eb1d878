import net from 'node:net';
import { InvalidRequestError } from '../common/edge-error';

/** Expands an IPv4 CIDR ("10.0.0.0/24"), range ("10.0.0.10-10.0.0.50" or "10.0.0.10-50") or single address. */
export function expandRange(spec: string, maxAddresses: number): string[] {
  const s = spec.trim();
  let first: number;
  let last: number;
  const cidr = /^(\d+\.\d+\.\d+\.\d+)\/(\d{1,2})$/.exec(s);
  const range = /^(\d+\.\d+\.\d+\.\d+)\s*-\s*(\d+\.\d+\.\d+\.\d+|\d{1,3})$/.exec(s);
  if (cidr) {
    const prefix = Number(cidr[2]);
    if (prefix > 32) throw new InvalidRequestError(`bad CIDR prefix /${prefix} in "${spec}"`);
    const base = toInt(cidr[1]!, spec);
    const size = 2 ** (32 - prefix);
    first = Math.floor(base / size) * size;
    last = first + size - 1;
    if (prefix <= 30) {
      // Skip the network and broadcast addresses.
      first += 1;
      last -= 1;
    }
  } else if (range) {
    first = toInt(range[1]!, spec);
    const end = range[2]!;
    last = end.includes('.') ? toInt(end, spec) : (first & ~0xff) + Number(end);
    if (!end.includes('.') && Number(end) > 255) throw new InvalidRequestError(`bad range end "${end}" in "${spec}"`);
    if (last < first) throw new InvalidRequestError(`range "${spec}" ends before it starts`);
  } else if (net.isIPv4(s)) {
    first = last = toInt(s, spec);
  } else {
    throw new InvalidRequestError(`"${spec}" is not an IPv4 CIDR, range or address`);
  }
  const count = last - first + 1;
  if (count > maxAddresses) {
    throw new InvalidRequestError(`range "${spec}" has ${count} addresses; the limit is ${maxAddresses}`);
  }
  const out: string[] = [];
  for (let n = first; n <= last; n++) out.push(fromInt(n));
  return out;
}

function toInt(ip: string, spec: string): number {
  if (!net.isIPv4(ip)) throw new InvalidRequestError(`"${ip}" in "${spec}" is not an IPv4 address`);
  return ip.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
}

function fromInt(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}
