import { describe, expect, it } from 'vitest';
import { swedishClock, swedishDate, swedishIso, swedishOffset, swedishTimestamp } from '../../core/domain/swedish-time.js';

describe('Swedish local time', () => {
  it('uses +01:00 in winter and +02:00 in summer', () => {
    expect(swedishIso('2026-01-15T08:00:00Z')).toBe('2026-01-15T09:00:00+01:00');
    expect(swedishIso('2026-06-15T08:00:00Z')).toBe('2026-06-15T10:00:00+02:00');
    expect(swedishTimestamp('2026-06-15T08:00:05Z')).toBe('2026-06-15 10:00:05 +02:00');
  });

  it('switches offset at the moment the clocks change (last Sunday of March, 01:00 UTC)', () => {
    expect(swedishOffset('2026-03-29T00:59:59Z')).toBe('+01:00');
    expect(swedishOffset('2026-03-29T01:00:00Z')).toBe('+02:00');
    expect(swedishIso('2026-03-29T01:00:00Z')).toBe('2026-03-29T03:00:00+02:00');
  });

  it('gives the local date, not the UTC one, late in the evening', () => {
    expect(swedishDate('2026-11-22T23:30:00Z')).toBe('2026-11-23');
    expect(swedishClock('2026-11-22T07:05:00Z')).toBe('08.05');
  });

  it('round-trips: the ISO it writes denotes the same instant', () => {
    for (const iso of ['2026-02-01T12:34:56Z', '2026-07-01T23:59:59Z', '2026-10-25T00:30:00Z']) {
      expect(Date.parse(swedishIso(iso))).toBe(Date.parse(iso));
    }
  });
});
