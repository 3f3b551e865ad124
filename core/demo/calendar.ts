/**
 * The demo year: which body meets when in 2026, with Swedish local times and registry numbers.
 * Beredningar meet a week or two before LSG, and LSG before the Samråd, so that cases can
 * travel upwards within a month and assignments come back down the next.
 */

export const DEMO_YEAR = 2026;

export const BODY_KEYS = {
  samrad: 'samrad',
  lsg: 'lsg',
  barn: 'ber-barn',
  vuxna: 'ber-vuxna',
} as const;
export type DemoBodyKey = (typeof BODY_KEYS)[keyof typeof BODY_KEYS];

export const BODY_NAMES: Record<DemoBodyKey, string> = {
  samrad: 'Samråd hälsa, vård och omsorg',
  lsg: 'Länssamverkansgruppen',
  'ber-barn': 'Beredning barn och unga',
  'ber-vuxna': 'Beredning vuxna och äldre',
};

/** The day the demo pretends it is: meetings before it have been held. */
export const DEMO_REFERENCE_DATE = '2026-11-22';

export interface MeetingSlot {
  key: string;
  body: DemoBodyKey;
  /** YYYY-MM-DD */
  date: string;
  start: string;
  end: string;
  dnr: string;
  /** 1-based position among the body's meetings of the year. */
  ordinal: number;
}

/** Day of month of the last Sunday of a month (EU summer time starts/ends on it). */
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month, 0)); // month is 1-based here: day 0 of next month
  return last.getUTCDate() - last.getUTCDay();
}

/**
 * Offset of Swedish local time on a date, for daytime hours: +02:00 from the last Sunday of
 * March up to the last Sunday of October, else +01:00. (The switch itself happens at night.)
 */
export function swedishOffset(date: string): '+01:00' | '+02:00' {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const startDay = lastSunday(y, 3);
  const endDay = lastSunday(y, 10);
  const afterStart = m > 3 || (m === 3 && d >= startDay);
  const beforeEnd = m < 10 || (m === 10 && d < endDay);
  return afterStart && beforeEnd ? '+02:00' : '+01:00';
}

/** "2026-03-10" + "08.30" → "2026-03-10T08:30:00+01:00" */
export function localTime(date: string, hhmm: string): string {
  return `${date}T${hhmm.replace('.', ':')}:00${swedishOffset(date)}`;
}

interface BodySchedule {
  dates: string[];
  from: string;
  to: string;
  /** Registry series, one per body: "HSN <series>-<ordinal>-2026". */
  series: number;
}

// Weekdays are deliberate: LSG on the second Tuesday, beredningar on Wednesday/Thursday
// ahead of it, the Samråd on a Friday after LSG.
const SCHEDULES: Record<DemoBodyKey, BodySchedule> = {
  'ber-barn': {
    dates: ['2026-01-28', '2026-03-25', '2026-05-06', '2026-09-02', '2026-10-21', '2026-12-02'],
    from: '13.00',
    to: '15.00',
    series: 57,
  },
  'ber-vuxna': {
    dates: ['2026-01-29', '2026-03-26', '2026-05-07', '2026-09-03', '2026-10-22', '2026-12-03'],
    from: '09.00',
    to: '11.30',
    series: 58,
  },
  lsg: {
    dates: [
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
      '2026-04-14',
      '2026-05-12',
      '2026-06-09',
      '2026-08-11',
      '2026-09-08',
      '2026-10-13',
      '2026-11-10',
      '2026-12-08',
    ],
    from: '08.00',
    to: '10.00',
    series: 49,
  },
  samrad: {
    dates: ['2026-02-20', '2026-04-24', '2026-06-12', '2026-09-25', '2026-11-27'],
    from: '09.30',
    to: '12.30',
    series: 50,
  },
};

/** Every demo meeting of the year, in time order. */
export function demoCalendar(): MeetingSlot[] {
  const slots: MeetingSlot[] = [];
  for (const body of Object.keys(SCHEDULES) as DemoBodyKey[]) {
    const s = SCHEDULES[body];
    s.dates.forEach((date, i) => {
      slots.push({
        key: `${body}-${date}`,
        body,
        date,
        start: localTime(date, s.from),
        end: localTime(date, s.to),
        dnr: `HSN ${s.series}-${i + 1}-${DEMO_YEAR}`,
        ordinal: i + 1,
      });
    });
  }
  return slots.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : a.key.localeCompare(b.key)));
}
