import { describe, expect, it } from 'vitest';
import { compareOids, isInSubtree } from './oid';

/** The obvious implementation, to check the allocation-free one against. */
function reference(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return pa[i]! - pb[i]!;
  return pa.length - pb.length;
}

describe('compareOids', () => {
  const oids = [
    '0',
    '0.0',
    '1',
    '1.3',
    '1.3.6',
    '1.3.6.1.2.1.43.11.1.1.9',
    '1.3.6.1.2.1.43.11.1.1.9.1',
    '1.3.6.1.2.1.43.11.1.1.9.1.4',
    '1.3.6.1.2.1.43.11.1.1.9.1.10',
    '1.3.6.1.2.1.43.11.1.1.10',
    '2.99.3',
    '2.100.3',
    '1.3.6.1.4.1.4294967295',
    '1.3.6.1.4.1.4294967296',
  ];

  it('orders arc by arc numerically, a prefix before its children, like the split-based comparison', () => {
    for (const a of oids)
      for (const b of oids) expect([a, b, Math.sign(compareOids(a, b))]).toEqual([a, b, Math.sign(reference(a, b))]);
  });

  it('sorts numerically, not as text', () => {
    expect(['1.10', '1.9', '1.9.1', '1'].sort(compareOids)).toEqual(['1', '1.9', '1.9.1', '1.10']);
  });

  it('isInSubtree needs a dot after the base', () => {
    expect(isInSubtree('1.3.6.1.2.1.43.11.1.1.9', '1.3.6.1.2.1.43.11.1.1.9.1.1')).toBe(true);
    expect(isInSubtree('1.3.6.1.2.1.43.11.1.1.9', '1.3.6.1.2.1.43.11.1.1.90.1')).toBe(false);
    expect(isInSubtree('1.3.6.1.2.1.43.11.1.1.9', '1.3.6.1.2.1.43.11.1.1.9')).toBe(false);
  });
});
