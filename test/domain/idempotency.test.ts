import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { once } from '../../core/domain/idempotency.js';
import { openSqliteStore } from '../../core/store/sqlite/sqlite-store.js';
import type { Store } from '../../core/store/store.js';

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

describe('once (duplicate deliveries of an activity)', () => {
  it('does the work once and gives a repeat the same answer', async () => {
    let runs = 0;
    const work = async () => ({ card: `svar ${++runs}` });
    const first = await once(store, 'act-1', work);
    const again = await once(store, 'act-1', work);
    expect(first).toEqual({ answer: { card: 'svar 1' }, repeated: false });
    expect(again).toEqual({ answer: { card: 'svar 1' }, repeated: true });
    expect(runs).toBe(1);
  });

  it('handles ten simultaneous deliveries exactly once', async () => {
    let runs = 0;
    const work = async () => {
      runs++;
      await new Promise((r) => setTimeout(r, 30));
      return runs;
    };
    const all = await Promise.all(Array.from({ length: 10 }, () => once(store, 'act-2', work)));
    expect(runs).toBe(1);
    expect(all.map((a) => a.answer)).toEqual(Array(10).fill(1));
    expect(all.filter((a) => !a.repeated)).toHaveLength(1);
  });

  it('lets a redelivery retry when the first delivery failed', async () => {
    await expect(once(store, 'act-3', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await once(store, 'act-3', async () => 'ok')).toEqual({ answer: 'ok', repeated: false });
  });

  it('takes over a claim left behind by a process that died', async () => {
    await store.activities.create({ key: 'act-4', state: 'processing', at: '2026-01-01T00:00:00Z', answer: null });
    const r = await once(store, 'act-4', async () => 'done now', { now: () => new Date('2026-01-01T00:10:00Z') });
    expect(r).toEqual({ answer: 'done now', repeated: false });
  });
});
