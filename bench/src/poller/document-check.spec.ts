import { describe, expect, it } from 'vitest';
import { expectedDocument, fleetProfile } from '../fleet/printer-dataset';
import { checkDocument, tallyVerdicts } from './document-check';

const expected = expectedDocument(fleetProfile(2));

function goodDocument(): Record<string, unknown> {
  return {
    ok: true,
    target: { host: '127.4.0.200' },
    identity: { serialNumber: expected.serialNumber, sysName: expected.sysName },
    status: { errors: ['lowToner', 'lowPaper'] },
    counters: { total: expected.total },
    supplies: expected.supplies.map((s) => ({ ...s })),
    alerts: [{}, {}],
    trays: [{}, {}],
  };
}

describe('checkDocument', () => {
  it('accepts a document equal to the device, whatever the order of the error names', () => {
    expect(checkDocument(goodDocument(), expected)).toEqual({ kind: 'correct' });
  });

  it('reports a failed poll with its code', () => {
    expect(checkDocument({ ok: false, error: { code: 'timeout' } }, expected)).toEqual({
      kind: 'failed',
      code: 'timeout',
    });
  });

  it('calls a document wrong when any value differs, and says which', () => {
    const doc = goodDocument();
    doc.counters = { total: 0 };
    (doc.supplies as { remainingPercent: number | null }[])[2]!.remainingPercent = null;
    const verdict = checkDocument(doc, expected);
    expect(verdict.kind).toBe('wrong');
    expect(verdict.kind === 'wrong' && verdict.reason).toMatch(
      /counters.total 0 instead of 123458; supply 3 remainingPercent null instead of 8/,
    );
  });

  it('calls a document from another device wrong', () => {
    const doc = goodDocument();
    doc.identity = { serialNumber: 'A7PU0210001', sysName: expected.sysName };
    expect(checkDocument(doc, expected).kind).toBe('wrong');
  });

  it('tallies verdicts with up to three examples', () => {
    const t = tallyVerdicts([
      { host: 'a', verdict: { kind: 'correct' } },
      { host: 'b', verdict: { kind: 'failed', code: 'timeout' } },
      { host: 'c', verdict: { kind: 'wrong', reason: 'x' } },
      { host: 'd', verdict: { kind: 'partial', missing: ['supplies'] } },
    ]);
    expect(t).toEqual({
      correct: 1,
      partial: 1,
      failed: 1,
      wrong: 1,
      failedByCode: { timeout: 1 },
      wrongExamples: ['c: x'],
    });
  });
});

describe('checkDocument with unreadable parts', () => {
  it('calls an empty table partial when the document lists it as unreadable', () => {
    const doc = goodDocument();
    doc.trays = [];
    doc.supplies = [];
    doc.unreadable = [
      { item: 'trays', reason: 'timeout', message: 't' },
      { item: 'supplies', reason: 'timeout', message: 't' },
    ];
    expect(checkDocument(doc, expected)).toEqual({ kind: 'partial', missing: ['trays', 'supplies'] });
  });

  it('calls an empty table wrong when the document does not say it could not be read', () => {
    const doc = goodDocument();
    doc.alerts = [];
    doc.unreadable = [{ item: 'trays', reason: 'timeout', message: 't' }];
    expect(checkDocument(doc, expected)).toMatchObject({ kind: 'wrong', reason: 'alerts.length 0 instead of 2' });
  });
});
