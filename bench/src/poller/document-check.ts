import type { ExpectedDocument } from '../fleet/printer-dataset';

export type DocumentVerdict =
  | { kind: 'correct' }
  /** Success, every value read is right, but some items were unreadable (e.g. a timeout on a lossy link). */
  | { kind: 'partial'; missing: string[] }
  | { kind: 'failed'; code: string }
  | { kind: 'wrong'; reason: string };

interface PolledDocument {
  ok?: unknown;
  target?: { host?: unknown };
  error?: { code?: unknown };
  identity?: { serialNumber?: unknown; sysName?: unknown };
  status?: { errors?: unknown };
  counters?: { total?: unknown };
  supplies?: unknown;
  alerts?: unknown;
  trays?: unknown;
  unreadable?: unknown;
}

/** Items the document itself lists as unreadable (timeout or error), e.g. "supplies", "alerts", "status.errors". */
function declaredUnreadable(doc: PolledDocument): string[] {
  if (!Array.isArray(doc.unreadable)) return [];
  return (doc.unreadable as { item?: unknown; reason?: unknown }[])
    .filter((u) => u.reason === 'timeout' || u.reason === 'error')
    .map((u) => String(u.item));
}

/**
 * Compares one `poll` document with what the device serves. A failed poll (ok:false) is "failed" with its code;
 * a success whose missing parts are all listed in `unreadable` is "partial"; a document that claims success with
 * any value different from the device's (an empty table not declared unreadable included) is "wrong".
 */
export function checkDocument(raw: unknown, expected: ExpectedDocument): DocumentVerdict {
  if (typeof raw !== 'object' || raw === null) return { kind: 'wrong', reason: 'not a JSON object' };
  const doc = raw as PolledDocument;
  if (doc.ok === false)
    return { kind: 'failed', code: typeof doc.error?.code === 'string' ? doc.error.code : 'unknown' };
  if (doc.ok !== true) return { kind: 'wrong', reason: 'no ok flag' };
  const problems: string[] = [];
  const missing = declaredUnreadable(doc);
  // A value may be absent (null or an empty table) only when the document lists its area as unreadable.
  const excused = (area: string): boolean => missing.some((m) => m === area || m.startsWith(`${area}.`));
  const same = (area: string, what: string, got: unknown, want: unknown): void => {
    if (got === want) return;
    const absent = got === null || got === undefined || got === 0 || got === '[]' || got === 'null';
    if (absent && excused(area)) return;
    problems.push(`${what} ${JSON.stringify(got)} instead of ${JSON.stringify(want)}`);
  };
  same('identity', 'serialNumber', doc.identity?.serialNumber, expected.serialNumber);
  same('identity', 'sysName', doc.identity?.sysName, expected.sysName);
  same('counters', 'counters.total', doc.counters?.total, expected.total);
  const errors = Array.isArray(doc.status?.errors) ? [...(doc.status.errors as unknown[])].sort() : null;
  same('status', 'status.errors', JSON.stringify(errors), JSON.stringify([...expected.errors].sort()));
  const supplies = Array.isArray(doc.supplies) ? (doc.supplies as Record<string, unknown>[]) : null;
  if (!supplies) problems.push('supplies missing');
  else {
    same('supplies', 'supplies.length', supplies.length, expected.supplies.length);
    for (const want of expected.supplies) {
      const got = supplies.find((s) => s.index === want.index);
      if (got) {
        same('supplies', `supply ${want.index} color`, got.color, want.color);
        same('supplies', `supply ${want.index} remainingPercent`, got.remainingPercent, want.remainingPercent);
      } else if (!excused('supplies')) problems.push(`supply ${want.index} missing`);
    }
  }
  same('alerts', 'alerts.length', Array.isArray(doc.alerts) ? doc.alerts.length : null, expected.alerts);
  same('trays', 'trays.length', Array.isArray(doc.trays) ? doc.trays.length : null, expected.trays);
  if (problems.length > 0) return { kind: 'wrong', reason: problems.join('; ') };
  return missing.length > 0 ? { kind: 'partial', missing } : { kind: 'correct' };
}

export interface VerdictTally {
  correct: number;
  partial: number;
  failed: number;
  wrong: number;
  failedByCode: Record<string, number>;
  /** Up to 3 examples of wrong documents (host: reason). */
  wrongExamples: string[];
}

export function tallyVerdicts(verdicts: readonly { host: string; verdict: DocumentVerdict }[]): VerdictTally {
  const t: VerdictTally = { correct: 0, partial: 0, failed: 0, wrong: 0, failedByCode: {}, wrongExamples: [] };
  for (const { host, verdict } of verdicts) {
    switch (verdict.kind) {
      case 'correct':
        t.correct++;
        break;
      case 'partial':
        t.partial++;
        break;
      case 'failed':
        t.failed++;
        t.failedByCode[verdict.code] = (t.failedByCode[verdict.code] ?? 0) + 1;
        break;
      case 'wrong':
        t.wrong++;
        if (t.wrongExamples.length < 3) t.wrongExamples.push(`${host}: ${verdict.reason}`);
        break;
    }
  }
  return t;
}
