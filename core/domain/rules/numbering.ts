/**
 * Item numbers continue through the year per body ("Ärenden: 25–26"): the next meeting's
 * first item follows the highest number used by the body's earlier meetings that year.
 */
export interface NumberedMeeting {
  start: string;
  items: number[];
}

/** The calendar year of an ISO date as written, in its own offset (a meeting's local year). */
export const localYear = (iso: string) => Number(iso.slice(0, 4));

export function nextItemNumber(meetingsOfBody: readonly NumberedMeeting[], start: string): number {
  const year = localYear(start);
  let highest = 0;
  for (const m of meetingsOfBody) {
    if (localYear(m.start) !== year || m.start >= start) continue;
    for (const n of m.items) highest = Math.max(highest, n);
  }
  return highest + 1;
}

/** Numbers that another meeting of the same body and year already uses. */
export function overlappingNumbers(meetingsOfBody: readonly (NumberedMeeting & { key: string })[], key: string): number[] {
  const me = meetingsOfBody.find((m) => m.key === key);
  if (!me) return [];
  const taken = new Set(
    meetingsOfBody.filter((m) => m.key !== key && localYear(m.start) === localYear(me.start)).flatMap((m) => m.items),
  );
  return me.items.filter((n) => taken.has(n));
}
