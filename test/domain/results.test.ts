import { describe, expect, it } from 'vitest';
import { byPrincipal, decisionSentence, result, tally, votedAgainst } from '../../core/domain/rules/results.js';
import type { Elector } from '../../core/domain/model.js';

const electors = (n: number, org = 'kommun'): Elector[] =>
  Array.from({ length: n }, (_, i) => ({ person: `p${i}`, organisation: `${org}${i % 3}`, seatOf: null }));

describe('tally', () => {
  it('counts only ballots of the electorate and reports who has not voted', () => {
    const t = tally(electors(4), [
      { person: 'p0', choice: 'bifall' },
      { person: 'p1', choice: 'avslag' },
      { person: 'outsider', choice: 'bifall' },
    ]);
    expect(t).toMatchObject({ bifall: 1, avslag: 1, avstar: 0, notVoted: 2 });
  });
});

describe('result of an ordinary vote', () => {
  const t = (bifall: number, avslag: number, avstar = 0) => ({ bifall, avslag, avstar, bakom: 0, invandning: 0, notVoted: 0 });
  it('is decided by a majority of the votes cast; avstår is not a vote cast', () => {
    expect(result('vote', t(3, 2, 10), null)).toBe('bifall');
    expect(result('vote', t(2, 3), null)).toBe('avslag');
  });
  it("is decided by the chair's casting vote on a tie", () => {
    expect(result('vote', t(3, 3), 'bifall')).toBe('bifall-utslagsrost');
    expect(result('vote', t(3, 3), 'avslag')).toBe('avslag-utslagsrost');
  });
  it('falls on a tie when the chair cast no vote for it', () => {
    expect(result('vote', t(2, 2), 'avstar')).toBe('avslag-utslagsrost');
    expect(result('vote', t(0, 0, 5), null)).toBe('avslag');
  });
});

describe('inriktningsbeslut', () => {
  const t = (bakom: number, invandning: number) => ({ bifall: 0, avslag: 0, avstar: 0, bakom, invandning, notVoted: 0 });
  it('is carried when nobody objects', () => {
    expect(result('inriktningsbeslut', t(12, 0), null)).toBe('enig');
    expect(result('inriktningsbeslut', t(12, 1), null)).toBe('ej-enig');
  });
  it('is tallied per huvudman: one objection makes the principal object', () => {
    const e: Elector[] = [
      { person: 'a', organisation: 'Umeå kommun', seatOf: null },
      { person: 'b', organisation: 'Umeå kommun', seatOf: null },
      { person: 'c', organisation: 'Region Västerbotten', seatOf: null },
      { person: 'd', organisation: 'Dorotea kommun', seatOf: null },
      { person: 'e', organisation: 'Åsele kommun', seatOf: null },
    ];
    const p = byPrincipal(e, [
      { person: 'a', choice: 'bakom' },
      { person: 'b', choice: 'invandning' },
      { person: 'c', choice: 'bakom' },
      { person: 'd', choice: 'avstar' },
    ]);
    expect(p).toEqual([
      { organisation: 'Umeå kommun', choice: 'invandning' },
      { organisation: 'Region Västerbotten', choice: 'bakom' },
      { organisation: 'Dorotea kommun', choice: 'avstar' },
      { organisation: 'Åsele kommun', choice: 'ej röstat' },
    ]);
  });
});

describe('reservations and sentences', () => {
  it('lets only those who voted against the outcome reserve', () => {
    expect(votedAgainst('vote', 'bifall', 'avslag')).toBe(true);
    expect(votedAgainst('vote', 'bifall', 'bifall')).toBe(false);
    expect(votedAgainst('vote', 'bifall', 'avstar')).toBe(false);
    expect(votedAgainst('vote', 'avslag', 'bifall')).toBe(true);
    expect(votedAgainst('inriktningsbeslut', 'ej-enig', 'invandning')).toBe(true);
    expect(votedAgainst('inriktningsbeslut', 'enig', 'bakom')).toBe(false);
    expect(votedAgainst('vote', 'bifall', undefined)).toBe(false);
  });
  it('writes the decision sentence as the seeds do', () => {
    expect(decisionSentence('Länssamverkansgruppen', 'vote', 'bifall', 'godkänna förslaget på fortsatt arbetsprocess')).toBe(
      'Länssamverkansgruppen beslutade att godkänna förslaget på fortsatt arbetsprocess.',
    );
    expect(decisionSentence('LSG', 'vote', 'avslag', 'anta planen.')).toBe('LSG beslutade att avslå förslaget att anta planen.');
  });
});
