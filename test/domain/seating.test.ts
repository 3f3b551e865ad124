import { describe, expect, it } from 'vitest';
import { applyAssignments, assignSeats, currentAssignments, electorate, quorum } from '../../core/domain/rules/seating.js';
import { roster } from './roster-builder.js';

const r = roster([
  { key: 'ordf', role: 'ordförande', org: 'region' },
  { key: 'vice', role: 'vice ordförande', org: 'umea' },
  { key: 'led-dor', role: 'ledamot', org: 'dorotea' },
  { key: 'led-reg', role: 'ledamot', org: 'region' },
  { key: 'ers-pers', role: 'ersättare', org: 'region', substituteFor: 'led-reg' },
  { key: 'ers-dor-1', role: 'ersättare', org: 'dorotea' },
  { key: 'ers-dor-2', role: 'ersättare', org: 'dorotea' },
  { key: 'sekr', role: 'sekreterare', org: 'region' },
  { key: 'tj', role: 'tjänsteperson', org: 'region' },
  { key: 'adj', role: 'adjungerad', org: 'other' },
]);
const set = (...k: string[]) => new Set(k);

describe('quorum (beslutsför)', () => {
  it('counts only ordförande, vice ordförande and ledamöter as seats', () => {
    expect(quorum(r, set('sekr', 'tj', 'adj', 'ers-dor-1'), new Map()).seats).toBe(4);
  });
  it('is quorate with more than half of the seats filled, not with exactly half', () => {
    expect(quorum(r, set('ordf', 'vice'), new Map())).toEqual({ seats: 4, filled: 2, quorate: false });
    expect(quorum(r, set('ordf', 'vice', 'led-dor'), new Map())).toEqual({ seats: 4, filled: 3, quorate: true });
  });
  it('counts a seat filled by a serving ersättare', () => {
    expect(quorum(r, set('ordf', 'vice', 'ers-dor-1'), new Map([['ers-dor-1', 'led-dor']])).filled).toBe(3);
  });
});

describe('assignSeats (who serves for whom)', () => {
  it('lets a personal substitute serve only for their own member', () => {
    const a = assignSeats(r, set('ers-pers', 'led-reg', 'ordf'), new Map());
    expect(a.size).toBe(0); // led-reg is present: nothing to serve
    const b = assignSeats(r, set('ers-pers'), new Map());
    expect([...b]).toEqual([['ers-pers', 'led-reg']]);
  });
  it('lets a pool ersättare serve for an absent member of the same organisation, in roster order', () => {
    const a = assignSeats(r, set('ers-dor-2', 'ers-dor-1'), new Map());
    expect(a.get('ers-dor-1')).toBe('led-dor');
    expect(a.has('ers-dor-2')).toBe(false);
  });
  it('never lets a pool ersättare serve for another organisation', () => {
    const a = assignSeats(r, set('ers-dor-1', 'ordf', 'led-dor'), new Map());
    expect(a.size).toBe(0); // the region's absent seats (vice? no: umea; led-reg) are not Dorotea's
  });
  it('keeps an ersättare who already serves ahead of one listed earlier who came later', () => {
    const a = assignSeats(r, set('ers-dor-1', 'ers-dor-2'), new Map([['ers-dor-2', 'led-dor']]));
    expect(a.get('ers-dor-2')).toBe('led-dor');
    expect(a.has('ers-dor-1')).toBe(false);
  });
  it('ends serving when the member is present again', () => {
    const a = assignSeats(r, set('ers-dor-1', 'led-dor'), new Map([['ers-dor-1', 'led-dor']]));
    expect(a.size).toBe(0);
  });
});

describe('applyAssignments (serving history between items)', () => {
  it('replaces assignments in place before the first item', () => {
    const s = applyAssignments([], new Map([['ers-dor-1', 'led-dor']]), null, null);
    expect(s).toEqual([{ substitute: 'ers-dor-1', seatOf: 'led-dor', from: null, until: null }]);
    expect(applyAssignments(s, new Map(), null, null)).toEqual([]);
  });
  it('closes a span after the previous item and opens new ones at the next', () => {
    const s0 = [{ substitute: 'ers-dor-1', seatOf: 'led-dor', from: null, until: null }];
    const s1 = applyAssignments(s0, new Map([['ers-pers', 'led-reg']]), 27, 26);
    expect(s1).toEqual([
      { substitute: 'ers-dor-1', seatOf: 'led-dor', from: null, until: 26 },
      { substitute: 'ers-pers', seatOf: 'led-reg', from: 27, until: null },
    ]);
    expect(currentAssignments(s1)).toEqual(new Map([['ers-pers', 'led-reg']]));
  });
  it('leaves an unchanged assignment as one span', () => {
    const s0 = [{ substitute: 'ers-dor-1', seatOf: 'led-dor', from: null, until: null }];
    expect(applyAssignments(s0, new Map([['ers-dor-1', 'led-dor']]), 27, 26)).toEqual(s0);
  });
});

describe('electorate (who may vote at an item)', () => {
  it('has present seat holders and serving ersättare, never tjänsteperson, adjungerad, sekreterare or a non-serving ersättare', () => {
    const present = set('ordf', 'vice', 'ers-dor-1', 'ers-dor-2', 'sekr', 'tj', 'adj');
    const v = electorate(r, present, new Map([['ers-dor-1', 'led-dor']]), new Set());
    expect(v.map((x) => x.person)).toEqual(['ordf', 'vice', 'ers-dor-1']);
    expect(v[2]).toEqual({ person: 'ers-dor-1', organisation: 'dorotea', seatOf: 'led-dor' });
  });
  it('leaves out a person with jäv', () => {
    const v = electorate(r, set('ordf', 'vice'), new Map(), new Set(['vice']));
    expect(v.map((x) => x.person)).toEqual(['ordf']);
  });
  it('gives the seat to the serving ersättare, not the member who returned mid-item', () => {
    const v = electorate(r, set('led-dor', 'ers-dor-1'), new Map([['ers-dor-1', 'led-dor']]), new Set());
    expect(v.map((x) => x.person)).toEqual(['ers-dor-1']);
  });
});
