/** Dates and times as people in Sweden read them: Europe/Stockholm, with its offset. */

const ZONE = 'Europe/Stockholm';

function parts(iso: string | Date): Record<string, string> {
  const f = new Intl.DateTimeFormat('sv-SE', {
    timeZone: ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'longOffset',
  });
  return Object.fromEntries(f.formatToParts(new Date(iso)).map((p) => [p.type, p.value]));
}

/** "2024-06-11" in Swedish local time. */
export const swedishDate = (iso: string) => {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day}`;
};

/** "08.00" in Swedish local time. */
export const swedishClock = (iso: string) => {
  const p = parts(iso);
  return `${p.hour}.${p.minute}`;
};

/** "2024-06-11 10:15:02 +02:00": local time in Sweden with its offset (signature page). */
export function swedishTimestamp(iso: string): string {
  const p = parts(iso);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second} ${swedishOffset(iso)}`;
}

/** The Swedish UTC offset at that instant, "+01:00" (winter) or "+02:00" (summer). */
export const swedishOffset = (iso: string | Date) => (parts(iso).timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';

/** ISO 8601 in Swedish local time with its offset, e.g. "2026-11-22T09:00:00+01:00" (as the import wants). */
export function swedishIso(instant: string | Date): string {
  const p = parts(instant);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${swedishOffset(instant)}`;
}
