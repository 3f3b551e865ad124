/**
 * The case flow (SPEC §6 "Ärendeflöde"): every case and the path it took between the bodies.
 * Readable by anyone signed in who is in the roster. The list reads all cases and all events
 * once and groups them in memory: no query per case, so it stays quick with thousands of cases.
 */
import { Router } from 'express';
import { z } from 'zod';
import { caseLocation } from '../../../core/domain/cases.js';
import { CASE_STATUSES, itemKey, type Case, type CaseEvent } from '../../../core/domain/model.js';
import { swedishDate } from '../../../core/domain/swedish-time.js';
import type { CaseDetail, CaseFlow, CaseStep, CaseSummary } from '../../shared/api-types.js';
import { TAB_PAGES } from '../../shared/routes.js';
import { keySchema, parseInput, type ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { TX } from '../texts.js';
import { bodyView } from '../views.js';

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

const listQuery = z.object({
  body: z.preprocess(blankIsAbsent, keySchema.optional()),
  year: z.preprocess(blankIsAbsent, z.string().regex(/^\d{4}$/, TX.yearInvalid).optional()),
  status: z.preprocess(blankIsAbsent, z.enum(CASE_STATUSES).optional()),
  q: z.preprocess(blankIsAbsent, z.string().trim().max(200).optional()),
});

const byDate = (a: CaseEvent, b: CaseEvent) => a.date.localeCompare(b.date) || (a.item ?? 0) - (b.item ?? 0);

const stepOf = (e: CaseEvent): CaseStep => ({
  body: e.body,
  meeting: e.meeting,
  item: e.item,
  date: e.date,
  outcome: e.outcome,
  toBody: e.toBody,
  summary: e.summary,
});

function summaryOf(c: Case, timeline: CaseEvent[]): CaseSummary {
  return {
    key: c.key,
    title: c.title,
    dnr: c.dnr,
    originBody: c.originBody,
    status: c.status,
    openedAt: c.openedAt,
    location: caseLocation(c, timeline),
    steps: timeline.map(stepOf),
  };
}

/** The protocol paragraph of a step in the tab. */
export function protocolLink(meeting: string | null, item: number | null): string | null {
  if (meeting === null) return null;
  const page = `${TAB_PAGES.protocol}?meeting=${encodeURIComponent(meeting)}`;
  return item === null ? page : `${page}#punkt-${item}`;
}

export function caseRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const query = parseInput(listQuery, req.query, 'query');
    const [cases, events, bodies] = await Promise.all([ctx.caseFlow.cases.values(), ctx.caseFlow.events.values(), ctx.store.bodies.list()]);
    const byCase = new Map<string, CaseEvent[]>();
    for (const e of events) {
      const list = byCase.get(e.case);
      if (list) list.push(e);
      else byCase.set(e.case, [e]);
    }
    // Swedish dates of the same instants recur (one meeting, many cases): compute each once.
    const years = new Map<string, string>();
    const yearOf = (iso: string) => {
      let y = years.get(iso);
      if (y === undefined) {
        y = swedishDate(iso).slice(0, 4);
        years.set(iso, y);
      }
      return y;
    };
    const needle = query.q?.toLocaleLowerCase('sv');
    const summaries: CaseSummary[] = [];
    for (const c of cases) {
      if (query.status && c.status !== query.status) continue;
      const timeline = (byCase.get(c.key) ?? []).sort(byDate);
      const s = summaryOf(c, timeline);
      if (query.body && s.originBody !== query.body && s.location !== query.body && !s.steps.some((x) => x.body === query.body || x.toBody === query.body)) {
        continue;
      }
      if (query.year && yearOf(c.openedAt) !== query.year && !s.steps.some((x) => yearOf(x.date) === query.year)) continue;
      if (needle) {
        const haystack = [c.title, c.dnr ?? '', c.key, ...s.steps.map((x) => x.summary)].join('\n').toLocaleLowerCase('sv');
        if (!haystack.includes(needle)) continue;
      }
      summaries.push(s);
    }
    summaries.sort((a, b) => b.openedAt.localeCompare(a.openedAt) || a.key.localeCompare(b.key));
    const flow: CaseFlow = {
      bodies: bodies.map((b) => bodyView(b.value)).sort((a, b) => a.name.localeCompare(b.name, 'sv')),
      cases: summaries,
      total: cases.length,
    };
    res.json(flow);
  });

  router.get('/:key', async (req, res) => {
    const { key } = parseInput(z.object({ key: keySchema }), req.params, 'params');
    const found = await ctx.store.cases.get(key);
    if (!found) throw notFound(TX.caseNotFound(key));
    const [events, bodies] = await Promise.all([ctx.store.caseEvents.list({ field: 'case', equals: key }), ctx.store.bodies.list()]);
    const timeline = events.map((e) => e.value).sort(byDate);
    const bodyName = new Map(bodies.map((b) => [b.value.key, b.value.name]));
    const titles = await Promise.all(
      timeline.map(async (e) =>
        e.meeting !== null && e.item !== null ? ((await ctx.store.agendaItems.get(itemKey(e.meeting, e.item)))?.value.title ?? null) : null,
      ),
    );
    const detail: CaseDetail = {
      case: summaryOf(found.value, timeline),
      timeline: timeline.map((e, k) => ({
        ...stepOf(e),
        bodyName: bodyName.get(e.body) ?? e.body,
        itemTitle: titles[k] ?? null,
        protocolLink: protocolLink(e.meeting, e.item),
      })),
    };
    res.json(detail);
  });

  return router;
}
