import type { EntityManager } from 'typeorm';
import { describe, expect, it } from 'vitest';
import { PollIngestHooks, type PollBatchSession } from './poll-ingest-hooks';

const em = {} as EntityManager;
const polls = [
  { deviceId: 'd1', result: { ok: true } },
  { deviceId: 'd2', result: 'garbage' },
];

function setup() {
  const calls: string[] = [];
  const sut = new PollIngestHooks();
  sut.register(
    'batched',
    (deviceId) => Promise.resolve(void calls.push(`batched single ${deviceId}`)),
    (batch): Promise<PollBatchSession> => {
      calls.push(`open ${batch.map((p) => p.deviceId).join(',')}`);
      return Promise.resolve({
        write: (m) => Promise.resolve(void calls.push(`write ${m === em ? 'in transaction' : '?'}`)),
        afterCommit: () => Promise.resolve(void calls.push('after commit')),
        close: () => void calls.push('close'),
      });
    },
  );
  sut.register('per poll', (deviceId) => Promise.resolve(void calls.push(`per poll ${deviceId}`)));
  return { sut, calls };
}

describe('PollIngestHooks.inBatch', () => {
  it('opens the batched listeners, writes them inside the store, then after the commit notifies and closes', async () => {
    const { sut, calls } = setup();
    await sut.inBatch(polls, async (writeListeners) => {
      calls.push('store begins');
      await writeListeners(em);
      calls.push('store commits');
    });
    expect(calls).toEqual([
      'open d1,d2',
      'store begins',
      'write in transaction',
      'store commits',
      'after commit',
      'close',
      'per poll d1',
      'per poll d2',
    ]);
  });

  it('a failed store is thrown to the caller: nothing runs after it but close', async () => {
    const { sut, calls } = setup();
    await expect(
      sut.inBatch(polls, async (writeListeners) => {
        await writeListeners(em);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(calls).toEqual(['open d1,d2', 'write in transaction', 'close']);
  });

  it('a failure after the commit is logged, not thrown', async () => {
    const sut = new PollIngestHooks();
    let closed = false;
    sut.register(
      'failing',
      () => Promise.resolve(),
      () =>
        Promise.resolve({
          write: () => Promise.resolve(),
          afterCommit: () => Promise.reject(new Error('mail down')),
          close: () => void (closed = true),
        }),
    );
    await expect(sut.inBatch(polls, (write) => write(em))).resolves.toBeUndefined();
    expect(closed).toBe(true);
  });
});
