/**
 * The case flow as numbers: lane order, filtering and the geometry of the picture. Pure, so it
 * is memoised once per data/filter/width and the picture draws one <path> per case from it.
 */
import type { CaseOutcome } from '../../../core/domain/model.js';
import type { BodyView, CaseSummary } from '../../shared/api-types.js';

export interface CaseFilter {
  body: string;
  year: string;
  status: string;
  q: string;
}

export const NO_FILTER: CaseFilter = { body: '', year: '', status: '', q: '' };

/** Bodies top-down: each root (Samråd) followed by the bodies reporting to it, depth first. */
export function orderBodies(bodies: BodyView[]): BodyView[] {
  const known = new Set(bodies.map((b) => b.key));
  const children = new Map<string | null, BodyView[]>();
  for (const b of bodies) {
    const parent = b.reportsTo && known.has(b.reportsTo) ? b.reportsTo : null;
    children.set(parent, [...(children.get(parent) ?? []), b]);
  }
  const out: BodyView[] = [];
  const seen = new Set<string>();
  const visit = (parent: string | null) => {
    for (const b of children.get(parent) ?? []) {
      if (seen.has(b.key)) continue;
      seen.add(b.key);
      out.push(b);
      visit(b.key);
    }
  };
  visit(null);
  // Cycles in reportsTo would leave bodies out: keep them, at the end.
  for (const b of bodies) if (!seen.has(b.key)) out.push(b);
  return out;
}

export const yearOf = (iso: string) => iso.slice(0, 4);

export function caseYears(cases: CaseSummary[]): string[] {
  const years = new Set<string>();
  for (const c of cases) {
    years.add(yearOf(c.openedAt));
    for (const s of c.steps) years.add(yearOf(s.date));
  }
  return [...years].sort();
}

/** The same rules as the API's own filters (GET /api/cases?body=&year=&status=&q=). */
export function filterCases(cases: CaseSummary[], f: CaseFilter): CaseSummary[] {
  const q = f.q.trim().toLocaleLowerCase('sv');
  if (!f.body && !f.year && !f.status && !q) return cases;
  return cases.filter((c) => {
    if (f.status && c.status !== f.status) return false;
    if (f.body && c.originBody !== f.body && c.location !== f.body && !c.steps.some((s) => s.body === f.body || s.toBody === f.body)) return false;
    if (f.year && yearOf(c.openedAt) !== f.year && !c.steps.some((s) => yearOf(s.date) === f.year)) return false;
    if (q && ![c.title, c.dnr ?? '', c.key, ...c.steps.map((s) => s.summary)].join('\n').toLocaleLowerCase('sv').includes(q)) return false;
    return true;
  });
}

export interface Lane {
  key: string;
  name: string;
  top: number;
  height: number;
}

export interface CaseShape {
  key: string;
  d: string;
  closed: boolean;
  /** The drawn points, for hit-testing a click. */
  points: number[];
}

export interface Tick {
  x: number;
  label: string;
}

export interface FlowGeometry {
  width: number;
  height: number;
  lanes: Lane[];
  cases: CaseShape[];
  markers: Record<CaseOutcome, string>;
  ticks: Tick[];
  axisY: number;
  from: string;
  to: string;
}

export const OUTCOMES: CaseOutcome[] = ['inkommet', 'information', 'beslut', 'uppdrag', 'återrapport', 'avslutat'];

const LANE_MIN = 44;
const AXIS = 26;
const PAD_X = 10;
const LABEL_SPACE = 16;

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0) / 4294967295;
}

const r1 = (n: number) => Math.round(n * 10) / 10;

/** One marker shape per outcome, so colour is never the only cue. */
export function markerPath(outcome: CaseOutcome, x: number, y: number, r = 3.6): string {
  switch (outcome) {
    case 'inkommet':
      return `M${r1(x - r)} ${r1(y)}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0Z`;
    case 'information':
      return `M${r1(x - r)} ${r1(y - r)}h${2 * r}v${2 * r}h${-2 * r}Z`;
    case 'beslut':
      return `M${r1(x)} ${r1(y - r - 1)}l${r + 1} ${r + 1}l${-r - 1} ${r + 1}l${-r - 1} ${-r - 1}Z`;
    case 'uppdrag':
      return `M${r1(x - r)} ${r1(y - r - 0.5)}l${2 * r + 1} ${r + 0.5}l${-2 * r - 1} ${r + 0.5}Z`;
    case 'återrapport':
      return `M${r1(x + r)} ${r1(y - r - 0.5)}l${-2 * r - 1} ${r + 0.5}l${2 * r + 1} ${r + 0.5}Z`;
    case 'avslutat':
      return `M${r1(x - 1.5)} ${r1(y - r - 1.5)}h3v${2 * r + 3}h-3Z`;
  }
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'maj', 'jun', 'jul', 'aug', 'sep', 'okt', 'nov', 'dec'];

export function layout(bodies: BodyView[], cases: CaseSummary[], width: number): FlowGeometry {
  const lanesOrdered = orderBodies(bodies);
  const laneHeight = Math.max(LANE_MIN, Math.min(90, Math.round(1200 / Math.max(lanesOrdered.length, 1))));
  const lanes: Lane[] = lanesOrdered.map((b, i) => ({ key: b.key, name: b.name, top: i * laneHeight, height: laneHeight }));
  const laneOf = new Map(lanes.map((l) => [l.key, l]));
  const height = lanes.length * laneHeight + AXIS;
  const axisY = lanes.length * laneHeight;

  let min = Infinity;
  let max = -Infinity;
  for (const c of cases) {
    for (const s of c.steps) {
      const t = Date.parse(s.date);
      if (t < min) min = t;
      if (t > max) max = t;
    }
  }
  if (!Number.isFinite(min)) {
    min = Date.now() - 365 * 86400_000;
    max = Date.now();
  }
  if (max - min < 30 * 86400_000) {
    min -= 15 * 86400_000;
    max += 15 * 86400_000;
  }
  const x0 = PAD_X;
  const x1 = Math.max(width - PAD_X, x0 + 10);
  const xOf = (t: number) => x0 + ((t - min) / (max - min)) * (x1 - x0);

  const markerParts: Record<CaseOutcome, string[]> = { inkommet: [], information: [], beslut: [], uppdrag: [], återrapport: [], avslutat: [] };
  const shapes: CaseShape[] = [];
  for (const c of cases) {
    // A stable vertical offset per case inside each lane keeps parallel cases apart.
    const spread = hash(c.key) - 0.5;
    let d = '';
    const points: number[] = [];
    let px = 0;
    let py = 0;
    for (const s of c.steps) {
      const lane = laneOf.get(s.body);
      if (!lane) continue;
      const usable = lane.height - LABEL_SPACE - 8;
      const x = r1(xOf(Date.parse(s.date)));
      const y = r1(lane.top + LABEL_SPACE + 4 + usable / 2 + spread * usable);
      if (!d) d = `M${x} ${y}`;
      else if (y === py) d += `L${x} ${y}`;
      else {
        const dx = Math.max((x - px) / 2, 6);
        d += `C${r1(px + dx)} ${py} ${r1(x - dx)} ${y} ${x} ${y}`;
      }
      points.push(x, y);
      markerParts[s.outcome].push(markerPath(s.outcome, x, y));
      px = x;
      py = y;
    }
    if (d) shapes.push({ key: c.key, d, closed: c.status === 'avslutat', points });
  }

  const ticks: Tick[] = [];
  const start = new Date(min);
  const spanYears = (max - min) / (365.25 * 86400_000);
  const monthStep = spanYears > 6 ? 24 : spanYears > 2.5 ? 12 : spanYears > 1.2 ? 6 : spanYears > 0.6 ? 3 : 1;
  const cursor = new Date(Date.UTC(start.getUTCFullYear(), monthStep >= 12 ? 0 : start.getUTCMonth() - (start.getUTCMonth() % monthStep), 1));
  const minGap = 56;
  let lastX = -Infinity;
  while (cursor.getTime() <= max) {
    const t = cursor.getTime();
    if (t >= min) {
      const x = xOf(t);
      // Labels start at the tick: leave room for one before the right edge.
      if (x - lastX >= minGap && x <= x1 - 54) {
        ticks.push({ x: r1(x), label: monthStep >= 12 ? String(cursor.getUTCFullYear()) : `${MONTHS[cursor.getUTCMonth()]} ${cursor.getUTCFullYear()}` });
        lastX = x;
      }
    }
    cursor.setUTCMonth(cursor.getUTCMonth() + monthStep);
  }

  const markers = Object.fromEntries(OUTCOMES.map((o) => [o, markerParts[o].join('')])) as Record<CaseOutcome, string>;
  const iso = (t: number) => new Date(t).toISOString().slice(0, 10);
  return { width, height, lanes, cases: shapes, markers, ticks, axisY, from: iso(min), to: iso(max) };
}

/** The case whose drawn line passes nearest (x, y), within `tolerance` pixels. */
export function hitTest(shapes: CaseShape[], x: number, y: number, tolerance = 8): string | null {
  let best: string | null = null;
  let bestD = tolerance * tolerance;
  for (const s of shapes) {
    const p = s.points;
    for (let i = 0; i < p.length; i += 2) {
      const ax = p[i]!;
      const ay = p[i + 1]!;
      const bx = i + 2 < p.length ? p[i + 2]! : ax;
      const by = i + 2 < p.length ? p[i + 3]! : ay;
      const d = segmentDistance2(x, y, ax, ay, bx, by);
      if (d < bestD) {
        bestD = d;
        best = s.key;
      }
    }
  }
  return best;
}

function segmentDistance2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const len = dx * dx + dy * dy;
  const t = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len));
  const cx = ax + t * dx - px;
  const cy = ay + t * dy - py;
  return cx * cx + cy * cy;
}
