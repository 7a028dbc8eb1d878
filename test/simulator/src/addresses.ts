import { isIPv4 } from 'node:net';
import { SimulatorOptionsError } from './simulator.errors';

function toNumber(address: string): number {
  return address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

function toAddress(value: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(value / 2 ** shift) % 256).join('.');
}

function isUsableHost(value: number): boolean {
  const last = value % 256;
  return last !== 0 && last !== 255;
}

/**
 * `count` loopback addresses from `base` upward, skipping .0 and .255 (127.1.0.254 is followed by 127.1.1.1).
 * Every address stays inside 127.0.0.0/8: the simulator never binds anything else.
 */
export function allocateAddresses(base: string, count: number): string[] {
  if (!isIPv4(base)) throw new SimulatorOptionsError(`baseAddress ${base} is not an IPv4 address`);
  if (!base.startsWith('127.'))
    throw new SimulatorOptionsError(`baseAddress ${base} is not a loopback (127.x) address`);
  let value = toNumber(base);
  if (!isUsableHost(value)) throw new SimulatorOptionsError(`baseAddress ${base} must not end in .0 or .255`);
  const addresses: string[] = [];
  while (addresses.length < count) {
    if (!isUsableHost(value)) {
      value += 1;
      continue;
    }
    const address = toAddress(value);
    if (!address.startsWith('127.')) {
      throw new SimulatorOptionsError(`${count} devices from ${base} would leave 127.0.0.0/8`);
    }
    addresses.push(address);
    value += 1;
  }
  return addresses;
}
