import type { GetResult, SnmpClient, SnmpVarbind, WalkOptions } from '../protocols/snmp';

/** What one poll of a device asked for after its first GET and its first walk. */
interface PollPlan {
  /** OIDs of the later GETs (vendor identity, vendor counters). */
  gets: string[];
  /** The later walks, exactly as called (columns and options). */
  walks: { columns: string[]; opts: WalkOptions }[];
}

/**
 * Learns, per device session, what a poll asks for after its first GET and after its first walk, and asks for it
 * together with those on the next poll: the later GET OIDs ride in the first GET, the later walks start in the
 * same tick as the first walk (the client sends walks of one tick as one GETBULK). A warm poll of a Printer-MIB
 * device is then one GET and one GETBULK. Each later call is answered from what was fetched for exactly that
 * call (a walk with the same columns and options, a GET whose OIDs all came back); anything else goes to the
 * device as before, so the driver sees the results it would have got from the same agent.
 */
export class PollPlans {
  private readonly plans = new WeakMap<SnmpClient, PollPlan>();

  /** A client for one poll of `client`; call `done()` when the poll is over. */
  begin(client: SnmpClient): PlannedPoll {
    return new PlannedPoll(client, this.plans.get(client) ?? { gets: [], walks: [] }, (plan) => {
      if (plan === null) this.plans.delete(client);
      else this.plans.set(client, plan);
    });
  }
}

const walkKey = (columns: readonly string[], opts: WalkOptions): string =>
  `${columns.join(',')}|${opts.maxRows ?? ''}|${opts.maxRepetitions ?? ''}`;

export class PlannedPoll {
  readonly client: SnmpClient;
  private firstGet = true;
  private firstWalk = true;
  private failed = false;
  private readonly prefetched = new Map<string, GetResult>();
  private readonly walked = new Map<string, Promise<Map<string, SnmpVarbind[]>>>();
  private readonly learnedGets = new Set<string>();
  private readonly learnedWalks = new Map<string, { columns: string[]; opts: WalkOptions }>();

  constructor(
    private readonly inner: SnmpClient,
    private readonly plan: PollPlan,
    private readonly save: (plan: PollPlan | null) => void,
  ) {
    this.client = {
      ...inner,
      get: (oids) => this.get(oids),
      walkColumns: (columns, opts) => this.walkColumns(columns, opts ?? {}),
    };
  }

  private async get(oids: string[]): Promise<GetResult[]> {
    if (this.firstGet) {
      this.firstGet = false;
      const extra = this.plan.gets.filter((o) => !oids.includes(o));
      if (extra.length === 0) return this.track(this.inner.get(oids));
      const all = await this.track(this.inner.get([...oids, ...extra]));
      for (let i = oids.length; i < all.length; i++) this.prefetched.set(all[i]!.oid, all[i]!);
      return all.slice(0, oids.length);
    }
    for (const o of oids) this.learnedGets.add(o);
    const hits = oids.map((o) => this.prefetched.get(o));
    if (hits.every((h) => h !== undefined)) return hits;
    return this.inner.get(oids);
  }

  private walkColumns(columns: string[], opts: WalkOptions): Promise<Map<string, SnmpVarbind[]>> {
    const key = walkKey(columns, opts);
    if (this.firstWalk) {
      this.firstWalk = false;
      const own = this.track(this.inner.walkColumns(columns, opts));
      // Started in the same tick as the first walk: the client sends them all as one GETBULK.
      for (const w of this.plan.walks) {
        const k = walkKey(w.columns, w.opts);
        if (k === key || this.walked.has(k)) continue;
        const p = this.inner.walkColumns(w.columns, w.opts);
        p.catch(() => undefined); // handed to the driver's own call, or dropped if the driver does not ask
        this.walked.set(k, p);
      }
      return own;
    }
    this.learnedWalks.set(key, { columns, opts });
    const ready = this.walked.get(key);
    if (ready) {
      this.walked.delete(key);
      return ready;
    }
    return this.inner.walkColumns(columns, opts);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    p.catch(() => {
      this.failed = true;
    });
    return p;
  }

  /** Keeps what this poll learned for the next one; a failed first GET or walk forgets it (plain poll next time). */
  done(): void {
    if (this.failed) this.save(null);
    else if (!this.firstGet)
      this.save({ gets: [...this.learnedGets].slice(0, 64), walks: [...this.learnedWalks.values()].slice(0, 16) });
  }
}
