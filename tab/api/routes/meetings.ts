/**
 * Meetings (SPEC §6 "Möten"): planned and held meetings per body. Read by the body's members and
 * secretaries; planned and changed by its secretary (core/domain/planning.ts).
 */
import { Router } from 'express';
import { z } from 'zod';
import { createMeeting, updateMeeting } from '../../../core/domain/planning.js';
import type { Meeting, ProtocolVersion } from '../../../core/domain/model.js';
import { swedishDate } from '../../../core/domain/swedish-time.js';
import type { Stored } from '../../../core/store/store.js';
import type { MeetingDetail, MeetingList } from '../../shared/api-types.js';
import { signedIn, type SignedIn } from '../auth.js';
import {
  actorOf,
  keySchema,
  meetingOr404,
  meetingParams,
  parseInput,
  requireBodyReader,
  requireIfMatch,
  requireSecretary,
  tabRoleIn,
  type ApiContext,
} from '../context.js';
import { notFound } from '../errors.js';
import { TX } from '../texts.js';
import { agendaItemView, meetingSummary } from '../views.js';

const blankIsAbsent = (v: unknown) => (v === '' ? undefined : v);

const listQuery = z.object({
  body: z.preprocess(blankIsAbsent, keySchema.optional()),
  year: z.preprocess(blankIsAbsent, z.string().regex(/^\d{4}$/, TX.yearInvalid).optional()),
  // The tab inside a Teams meeting finds its meeting by the ids Teams gives it (either may be linked).
  teamsMeetingId: z.preprocess(blankIsAbsent, z.string().max(1000).optional()),
  chatId: z.preprocess(blankIsAbsent, z.string().max(1000).optional()),
});

const instant = z.iso.datetime({ offset: true, error: 'ska vara datum och tid med tidszon, t.ex. 2026-03-12T08:00:00+01:00' });

const meetingFields = {
  start: instant,
  end: instant,
  place: z.string().trim().min(1).max(200),
  dnr: z.string().trim().max(100).nullable(),
  justerare: keySchema.nullable(),
};

const createBody = z.object({
  body: keySchema,
  ...meetingFields,
  dnr: meetingFields.dnr.optional().default(null),
  justerare: meetingFields.justerare.optional().default(null),
});

/** PATCH: every field optional; `body` may be sent but cannot change (the domain says so). */
const patchBody = z.object({
  body: keySchema.optional(),
  start: meetingFields.start.optional(),
  end: meetingFields.end.optional(),
  place: meetingFields.place.optional(),
  dnr: meetingFields.dnr.optional(),
  justerare: meetingFields.justerare.optional(),
});

export async function meetingDetail(ctx: ApiContext, stored: Stored<Meeting>, bodyName: string, user: SignedIn): Promise<MeetingDetail> {
  const m = stored.value;
  const [items, versions, roster] = await Promise.all([
    ctx.store.agendaItems.list({ field: 'meeting', equals: m.key }),
    ctx.store.protocols.list({ field: 'meeting', equals: m.key }),
    ctx.svc.roster(m.body),
  ]);
  return {
    meeting: {
      ...meetingSummary(m, bodyName, items.length, versions.map((v) => v.value), ctx.now()),
      teamsMeetingId: m.teamsMeetingId,
      guests: m.guests.map((g) => ({ name: g.name, organisation: g.organisation, title: g.title })),
    },
    etag: stored.etag,
    agenda: items.sort((a, b) => a.value.number - b.value.number).map(agendaItemView),
    members: roster.memberships.map((ms) => ({ person: ms.person, name: roster.people.get(ms.person)?.name ?? ms.person, role: ms.role })),
    tabRole: tabRoleIn(user, m.body),
  };
}

export function meetingRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.get('/', async (req, res) => {
    const user = signedIn(res);
    const query = parseInput(listQuery, req.query, 'query');
    const bodies = new Map((await ctx.store.bodies.list()).map((b) => [b.value.key, b.value.name]));
    let meetings: Meeting[];
    if (query.body) {
      const name = bodies.get(query.body);
      if (name === undefined) throw notFound(TX.bodyNotFound(query.body));
      requireBodyReader(user, query.body, name);
      meetings = (await ctx.store.meetings.list({ field: 'body', equals: query.body })).map((m) => m.value);
    } else if (query.teamsMeetingId !== undefined || query.chatId !== undefined) {
      const found = await Promise.all([
        query.teamsMeetingId === undefined ? [] : ctx.store.meetings.list({ field: 'teamsMeetingId', equals: query.teamsMeetingId }),
        query.chatId === undefined ? [] : ctx.store.meetings.list({ field: 'chatId', equals: query.chatId }),
      ]);
      const byKey = new Map(found.flat().map((m) => [m.value.key, m.value]));
      meetings = [...byKey.values()].filter((m) => tabRoleIn(user, m.body) !== 'reader');
    } else {
      meetings = (await ctx.store.meetings.list()).map((m) => m.value).filter((m) => tabRoleIn(user, m.body) !== 'reader');
    }
    if (query.year) meetings = meetings.filter((m) => swedishDate(m.start).startsWith(query.year!));
    const [items, protocols] = await Promise.all([ctx.store.agendaItems.list(), ctx.store.protocols.list()]);
    const itemCount = new Map<string, number>();
    for (const { value: i } of items) itemCount.set(i.meeting, (itemCount.get(i.meeting) ?? 0) + 1);
    const versions = new Map<string, ProtocolVersion[]>();
    for (const { value: p } of protocols) versions.set(p.meeting, [...(versions.get(p.meeting) ?? []), p]);
    const now = ctx.now();
    const list: MeetingList = {
      meetings: meetings
        .sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || a.key.localeCompare(b.key))
        .map((m) => meetingSummary(m, bodies.get(m.body) ?? m.body, itemCount.get(m.key) ?? 0, versions.get(m.key) ?? [], now)),
    };
    res.json(list);
  });

  router.post('/', async (req, res) => {
    const user = signedIn(res);
    const input = parseInput(createBody, req.body, 'body');
    const body = await ctx.store.bodies.get(input.body);
    if (!body) throw notFound(TX.bodyNotFound(input.body));
    requireSecretary(user, input.body, body.value.name);
    const saved = await createMeeting(ctx.svc, input, actorOf(user), ctx.now);
    res.status(201).setHeader('ETag', saved.etag).json(await meetingDetail(ctx, saved, body.value.name, user));
  });

  router.get('/:key', async (req, res) => {
    const user = signedIn(res);
    const { key } = parseInput(meetingParams, req.params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireBodyReader(user, stored.value.body, bodyName);
    // The meeting record's version, for a following PATCH (If-Match).
    res.setHeader('ETag', stored.etag).json(await meetingDetail(ctx, stored, bodyName, user));
  });

  router.patch('/:key', async (req, res) => {
    const user = signedIn(res);
    const { key } = parseInput(meetingParams, req.params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireSecretary(user, stored.value.body, bodyName);
    const etag = requireIfMatch(req);
    const patch = parseInput(patchBody, req.body ?? {}, 'body');
    const saved = await updateMeeting(ctx.svc, key, patch, actorOf(user), etag, ctx.now);
    res.setHeader('ETag', saved.etag).json(await meetingDetail(ctx, saved, bodyName, user));
  });

  return router;
}
