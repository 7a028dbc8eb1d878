import type { GetResult, ReadAllResult, SnmpClient, SnmpVarbind, WalkOptions, WalkRequest } from '../protocols/snmp';

/** What one poll of a device asked for: every GET OID and every walk, in the order first asked. */
interface PollPlan {
  gets: readonly string[];
  getSet: ReadonlySet<string>;
  walks: readonly WalkRequest[];
  walkKeys: readonly string[];
}

const MAX_PLAN_GETS = 64;
const MAX_PLAN_WALKS = 16;

/** Plans shared by every device that asks for the same things (a fleet of one model: one copy). */
const sharedPlans = new Map<string, PollPlan>();

function internPlan(gets: string[], walks: Map<string, WalkRequest>): PollPlan {
  const walkKeys = [...walks.keys()].slice(0, MAX_PLAN_WALKS);
  const ownGets = gets.slice(0, MAX_PLAN_GETS);
  const key = `${ownGets.join(' ')}#${walkKeys.join(' ')}`;
  const known = sharedPlans.get(key);
  if (known) return known;
  const plan: PollPlan = {
    gets: ownGets,
    getSet: new Set(ownGets),
    walks: walkKeys.map((k) => walks.get(k)!),
    walkKeys,
  };
  if (sharedPlans.size >= 1_000) sharedPlans.clear();
  sharedPlans.set(key, plan);
  return plan;
}

/**
 * Learns, per device session, what a poll asks for (every GET OID and every walk), and on the next poll asks for
 * all of it at once with the client's `readAll` before the driver asks: a warm poll of a Printer-MIB device is
 * then one request (see createSnmpClient). Each call of the driver is answered from what that request read for
 * exactly that call (a walk with the same columns and options, a GET whose OIDs all came back); anything else
 * goes to the device as before, so the driver sees the results it would have got from the same agent. Nothing is
 * kept between polls but the plan (OIDs and walks asked), never a value.
 */
export class PollPlans {
  private readonly plans = new WeakMap<SnmpClient, PollPlan>();

  /** A client for one poll of `client`; call `done()` when the poll is over. */
  begin(client: SnmpClient): PlannedPoll {
    const plan = this.plans.get(client) ?? null;
    const warm = plan !== null && client.readAll ? client.readAll(plan.gets, plan.walks) : null;
    return new PlannedPoll(client, plan, warm, (next) => {
      if (next === null) this.plans.delete(client);
      else if (next !== plan) this.plans.set(client, next);
    });
  }
}

const walkKey = (columns: readonly string[], opts: WalkOptions): string =>
  `${columns.join(',')}|${opts.maxRows ?? ''}|${opts.maxRepetitions ?? ''}`;

export class PlannedPoll {
  readonly client: SnmpClient;
  private failed = false;
  private readonly seenGets: string[] = [];
  private readonly seenGetSet = new Set<string>();
  private readonly seenWalks = new Map<string, WalkRequest>();

  constructor(
    private readonly inner: SnmpClient,
    private readonly plan: PollPlan | null,
    private readonly warm: Promise<ReadAllResult> | null,
    private readonly save: (plan: PollPlan | null) => void,
  ) {
    warm?.catch(() => {
      this.failed = true;
    });
    this.client = {
      ...inner,
      get: (oids) => this.get(oids),
      walkColumns: (columns, opts) => this.walkColumns(columns, opts ?? {}),
    };
  }

  private async get(oids: string[]): Promise<GetResult[]> {
    for (const o of oids) {
      if (this.seenGetSet.has(o)) continue;
      this.seenGetSet.add(o);
      this.seenGets.push(o);
    }
    if (this.warm) {
      const { gets } = await this.warm;
      const hits: GetResult[] = [];
      for (const o of oids) {
        const hit = gets.get(o);
        if (hit === undefined) return this.track(this.inner.get(oids));
        hits.push(hit);
      }
      return hits;
    }
    return this.track(this.inner.get(oids));
  }

  private async walkColumns(columns: string[], opts: WalkOptions): Promise<Map<string, SnmpVarbind[]>> {
    const key = walkKey(columns, opts);
    if (!this.seenWalks.has(key)) this.seenWalks.set(key, { columns, opts });
    if (this.warm && this.plan) {
      const { walks } = await this.warm;
      const at = this.plan.walkKeys.indexOf(key);
      const ready = at < 0 ? null : walks[at];
      if (ready) {
        walks[at] = null; // each read serves one call
        return ready;
      }
    }
    return this.inner.walkColumns(columns, opts);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    p.catch(() => {
      this.failed = true;
    });
    return p;
  }

  /** Keeps what this poll asked for; a failed GET or warm read forgets it (a plain poll next time). */
  done(): void {
    if (this.failed) {
      this.save(null);
      return;
    }
    if (this.seenGets.length === 0 && this.seenWalks.size === 0) return;
    const plan = this.plan;
    const same =
      plan !== null &&
      plan.gets.length === this.seenGets.length &&
      this.seenGets.every((o) => plan.getSet.has(o)) &&
      plan.walkKeys.length === this.seenWalks.size &&
      plan.walkKeys.every((k) => this.seenWalks.has(k));
    this.save(same ? plan : internPlan(this.seenGets, this.seenWalks));
  }
}
