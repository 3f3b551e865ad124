import { describe, expect, it } from 'vitest';
import { arrive, depart, isPresentNow, presenceSummary, presentAt } from '../../core/domain/rules/presence.js';

describe('presence over the agenda', () => {
  it('is present from the start when checking in before the first item', () => {
    expect(arrive([], null)).toEqual([{ from: null, until: null }]);
  });
  it('records a late arrival from the current item (anslöt från punkt N)', () => {
    const s = arrive([], 27)!;
    expect(presenceSummary(s, [25, 26, 27])).toEqual({ fromItem: 27, untilItem: null });
    expect(presentAt(s, 26, [25, 26, 27])).toBe(false);
    expect(presentAt(s, 27, [25, 26, 27])).toBe(true);
  });
  it('records an early leave after the current item (lämnade efter punkt N)', () => {
    const s = depart([{ from: null, until: null }], 26)!;
    expect(isPresentNow(s)).toBe(false);
    expect(presenceSummary(s, [25, 26, 27])).toEqual({ fromItem: null, untilItem: 26 });
    expect(presentAt(s, 26, [25, 26, 27])).toBe(true);
    expect(presentAt(s, 27, [25, 26, 27])).toBe(false);
  });
  it('treats leaving before any item as not present for the business', () => {
    expect(depart([{ from: null, until: null }], null)).toEqual([]);
  });
  it('changes nothing when checking in twice or leaving twice', () => {
    expect(arrive([{ from: null, until: null }], 3)).toBeNull();
    expect(depart([{ from: null, until: 2 }], 3)).toBeNull();
  });
  it('follows the order the items were taken, not their numbers', () => {
    const order = [30, 28, 29];
    const s = [{ from: 28, until: null }];
    expect(presentAt(s, 30, order)).toBe(false);
    expect(presentAt(s, 29, order)).toBe(true);
  });
  it('keeps a leave and a return as two spans', () => {
    const s = arrive(depart([{ from: null, until: null }], 2)!, 4)!;
    expect(s).toEqual([{ from: null, until: 2 }, { from: 4, until: null }]);
    expect(presentAt(s, 3, [1, 2, 3, 4])).toBe(false);
  });
});
