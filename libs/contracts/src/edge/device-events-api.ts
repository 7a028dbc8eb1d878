import type { PollResult } from '../snapshot';
import type { DeviceEventDocument } from './device-event';

/** Longest long-poll wait accepted by `GET /api/v1/device-events?waitMs=` (ms). */
export const DEVICE_EVENTS_MAX_WAIT_MS = 25_000;
/** Largest page accepted by `GET /api/v1/device-events?limit=`. */
export const DEVICE_EVENTS_MAX_LIMIT = 500;

/**
 * One device notification the edge accepted, with the poll it triggered.
 * Events that arrive while that device is being polled are coalesced into one follow-up poll: the item carries the
 * latest of them and `coalescedEvents` counts the others.
 */
export interface DeviceEventOutboxItem {
  /** Opaque, increasing within one edge run; pass the last one seen as `after`. */
  cursor: string;
  /** When the edge received the (latest) event, ISO 8601 UTC. */
  receivedAt: string;
  /** The connection's remote address (the device). */
  sender: string;
  event: DeviceEventDocument;
  /** Further events of the same device folded into this poll (0 = none). */
  coalescedEvents: number;
  /**
   * The immediate poll: a snapshot or a failed poll (as data). `null` when the sender was let in by
   * FLEETWARD_EDGE_NOTIFY_ALLOW but the server never asked this edge to poll or identify it (no credentials):
   * the server should poll it itself.
   */
  result: PollResult | null;
}

/**
 * `GET /api/v1/device-events?after=<cursor>&waitMs=<0..25000>&limit=<1..500>` (edge token required).
 * Items after `after` (all retained items when absent, or when the cursor belongs to an earlier run of the edge),
 * oldest first. With `waitMs`, an empty answer waits up to that long for the next item (long poll).
 */
export interface DeviceEventsResponse {
  items: DeviceEventOutboxItem[];
  /** Pass as `after` next time (equals `after` when nothing new arrived). */
  nextCursor: string;
  /** Items that fell out of the bounded outbox before they were read (0 normally). */
  missed: number;
}
