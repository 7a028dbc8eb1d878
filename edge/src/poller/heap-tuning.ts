import { setFlagsFromString } from 'node:v8';

/**
 * Lets V8's old generation grow by at most `percent` % between two mark-compacts, instead of the dynamic factor of
 * up to 4× it uses in throughput mode. A poller keeps a few KB per device alive, but each poll's objects outlive a
 * scavenge or two while its answers are on the way and are promoted: with the default, 10,000 devices peaked at
 * ~400 MB RSS for ~80 MB of live heap. Measured in docs/decisions/0015. Call once at process start.
 */
export function limitHeapGrowth(percent = 50): void {
  setFlagsFromString(`--heap-growing-percent=${percent}`);
}
