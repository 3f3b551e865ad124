import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CollectionMirror } from './mirror.js';
import { openSqliteStore } from './sqlite/sqlite-store.js';
import type { Changes, CollectionName, Store } from './store.js';

const kase = (key: string, title = key) => ({ key, title, dnr: null, originBody: 'lsg', status: 'öppet' as const, openedAt: '2026-01-01T10:00:00+01:00' });

let store: Store;
beforeEach(() => {
  store = openSqliteStore(':memory:');
});
afterEach(() => store.close());

/** A store whose `changes` answers differences after the first call, as a delta query does. */
function deltaStore(base: Store, log: string[]): Store {
  let seen = new Map<string, string>();
  return Object.assign(Object.create(base) as Store, {
    async changes<C extends CollectionName>(name: C, cursor: string | null): Promise<Changes<C>> {
      const all = await base[name].list();
      log.push(cursor === null ? 'full' : 'delta');
      const now = new Map(all.map((s) => [(s.value as { key: string }).key, s.etag]));
      const result: Changes<C> =
        cursor === null
          ? { changed: all as Changes<C>['changed'], removed: [], cursor: 'c1', full: true }
          : {
              changed: all.filter((s) => seen.get((s.value as { key: string }).key) !== s.etag) as Changes<C>['changed'],
              removed: [...seen.keys()].filter((k) => !now.has(k)),
              cursor: `c${log.length}`,
              full: false,
            };
      seen = now;
      return result;
    },
  });
}

describe('CollectionMirror', () => {
  it('follows creations, changes and removals through deltas after one full read', async () => {
    const log: string[] = [];
    const mirror = new CollectionMirror(deltaStore(store, log), 'cases');
    await store.cases.create(kase('a'));
    await store.cases.create(kase('b'));
    expect((await mirror.values()).map((c) => c.key).sort()).toEqual(['a', 'b']);
    const b = (await store.cases.get('b'))!;
    await store.cases.update({ ...b.value, title: 'B ändrad' }, b.etag);
    await store.cases.remove('a', (await store.cases.get('a'))!.etag);
    await store.cases.create(kase('c'));
    const now = await mirror.values();
    expect(now.map((c) => [c.key, c.title]).sort()).toEqual([
      ['b', 'B ändrad'],
      ['c', 'c'],
    ]);
    expect(log).toEqual(['full', 'delta']);
  });

  it('sees a write made before the call even while another refresh is running', async () => {
    const mirror = new CollectionMirror(store, 'cases');
    const first = mirror.values();
    await store.cases.create(kase('late'));
    const second = mirror.values();
    expect((await second).map((c) => c.key)).toContain('late');
    await first;
  });

  it('starts over from a full read after a failed delta', async () => {
    const log: string[] = [];
    const flaky = deltaStore(store, log);
    const mirror = new CollectionMirror(flaky, 'cases');
    await store.cases.create(kase('a'));
    await mirror.values();
    const changes = flaky.changes!.bind(flaky);
    let fail = true;
    flaky.changes = (async (name: CollectionName, cursor: string | null) => {
      if (fail) {
        fail = false;
        throw new Error('410 Gone: resync required');
      }
      return changes(name, cursor);
    }) as Store['changes'];
    await expect(mirror.values()).rejects.toThrow(/410/);
    await store.cases.create(kase('b'));
    expect((await mirror.values()).map((c) => c.key).sort()).toEqual(['a', 'b']);
    expect(log.at(-1)).toBe('full');
  });
});
