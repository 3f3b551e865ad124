import { describe, expect, it } from 'vitest';
import { nextItemNumber, overlappingNumbers } from '../../core/domain/rules/numbering.js';

describe('item numbers continue through the year per body', () => {
  const meetings = [
    { key: 'a', start: '2024-02-01T09:00:00+01:00', items: [1, 2, 3] },
    { key: 'b', start: '2024-04-11T09:00:00+02:00', items: [4, 5, 6, 7] },
    { key: 'c', start: '2023-12-01T09:00:00+01:00', items: [40, 41] },
  ];
  it('follows the highest number of the earlier meetings that year', () => {
    expect(nextItemNumber(meetings, '2024-06-11T08:00:00+02:00')).toBe(8);
    expect(nextItemNumber(meetings, '2024-03-01T08:00:00+01:00')).toBe(4);
  });
  it('starts at 1 in a new year', () => {
    expect(nextItemNumber(meetings, '2025-01-20T08:00:00+01:00')).toBe(1);
  });
  it('uses the local year of the meeting, not UTC', () => {
    // 00:30 on New Year's Day in Sweden is still 31 December in UTC.
    expect(nextItemNumber(meetings, '2024-01-01T00:30:00+01:00')).toBe(1);
  });
  it('finds numbers already used by another meeting of the year', () => {
    expect(overlappingNumbers([...meetings, { key: 'd', start: '2024-09-01T09:00:00+02:00', items: [7, 8] }], 'd')).toEqual([7]);
  });
});
