/**
 * A meeting's agenda (föredragningslista), planned by the body's secretary, and the protocol text
 * of each item. Changes carry If-Match with the item's etag; a stale one on the text answers 409
 * with what is stored now, so a second secretary editing the same item loses nothing.
 */
import { Router } from 'express';
import { z } from 'zod';
import { DECISION_TYPES, ITEM_KINDS, itemKey } from '../../../core/domain/model.js';
import { addAgendaItem, removeAgendaItem, updateAgendaItem } from '../../../core/domain/planning.js';
import { PreconditionFailedError } from '../../../core/store/store.js';
import type { ItemTextConflict, ItemTextSaved } from '../../shared/api-types.js';
import { signedIn } from '../auth.js';
import {
  actorOf,
  itemParams,
  keySchema,
  meetingOr404,
  meetingParams,
  parseInput,
  requireIfMatch,
  requireSecretary,
  type ApiContext,
} from '../context.js';
import { notFound, sendAnswer } from '../errors.js';
import { TX } from '../texts.js';
import { agendaItemView } from '../views.js';

const attachment = z.object({
  title: z.string().trim().min(1).max(300),
  url: z.url({ protocol: /^https?$/, error: 'ska vara en webbadress (https://…)' }).max(2000),
});

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

const itemFields = {
  number: z.number().int().min(1).max(1_000_000),
  title: z.string().trim().min(1).max(500),
  kind: z.enum(ITEM_KINDS),
  decision: z.enum(DECISION_TYPES).nullable().optional(),
  presenter: optionalText(200),
  proposal: optionalText(5_000),
  attachments: z.array(attachment).max(50),
  caseKey: keySchema.nullable().optional(),
  sendTo: keySchema.nullable().optional(),
};

const addBody = z.object({ ...itemFields, number: itemFields.number.optional(), attachments: itemFields.attachments.optional() });
const patchBody = addBody.partial();
const textBody = z.object({ text: z.string().max(100_000) });

export function agendaRoutes(ctx: ApiContext): Router {
  const router = Router();

  router.post('/:key/agenda', async (req, res) => {
    const user = signedIn(res);
    const { key } = parseInput(meetingParams, req.params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireSecretary(user, stored.value.body, bodyName);
    const input = parseInput(addBody, req.body, 'body');
    const saved = await addAgendaItem(ctx.svc, key, input, actorOf(user), ctx.now);
    res.status(201).setHeader('ETag', saved.etag).json(agendaItemView(saved));
  });

  router.patch('/:key/agenda/:n', async (req, res) => {
    const user = signedIn(res);
    const { key, n } = parseInput(itemParams, req.params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireSecretary(user, stored.value.body, bodyName);
    const etag = requireIfMatch(req);
    const patch = parseInput(patchBody, req.body ?? {}, 'body');
    const saved = await updateAgendaItem(ctx.svc, key, n, patch, actorOf(user), etag, ctx.now);
    res.setHeader('ETag', saved.etag).json(agendaItemView(saved));
  });

  router.delete('/:key/agenda/:n', async (req, res) => {
    const user = signedIn(res);
    const { key, n } = parseInput(itemParams, req.params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireSecretary(user, stored.value.body, bodyName);
    const etag = requireIfMatch(req);
    await removeAgendaItem(ctx.svc, key, n, actorOf(user), etag, ctx.now);
    res.status(204).end();
  });

  router.put('/:key/agenda/:n/text', async (req, res) => {
    const user = signedIn(res);
    const { key, n } = parseInput(itemParams, req.params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireSecretary(user, stored.value.body, bodyName);
    const etag = requireIfMatch(req);
    const { text } = parseInput(textBody, req.body, 'body');
    try {
      const saved = await ctx.svc.setItemText(key, n, text, actorOf(user), etag);
      // setItemText gives no etag: read it back. Should someone have saved again in between, hand
      // back the old etag, so the next save meets a conflict instead of overwriting theirs.
      const current = await ctx.store.agendaItems.get(saved.key);
      const newEtag = current && current.value.text === saved.text ? current.etag : etag;
      const answer: ItemTextSaved = { text: saved.text, etag: newEtag };
      res.setHeader('ETag', newEtag).json(answer);
    } catch (err) {
      if (!(err instanceof PreconditionFailedError)) throw err;
      const current = await ctx.store.agendaItems.get(itemKey(key, n));
      if (!current) throw notFound(TX.itemNotFound(n));
      const editedBy = await lastTextEditor(ctx, key, n);
      const body: ItemTextConflict = {
        error: 'conflict',
        message: TX.textConflict(editedBy),
        current: { text: current.value.text, etag: current.etag, editedBy },
      };
      sendAnswer(res, { status: 409, body, headers: { ETag: current.etag } });
    }
  });

  return router;
}

/** Who last saved the item's text, from the audit trail (null when nobody has in the tab or chat). */
async function lastTextEditor(ctx: ApiContext, meeting: string, n: number): Promise<string | null> {
  const entries = await ctx.store.audit.list({ field: 'meeting', equals: meeting });
  const last = entries
    .map((e) => e.value)
    .filter((e) => e.action === 'item-text' && e.target === String(n))
    .sort((a, b) => a.at.localeCompare(b.at))
    .at(-1);
  if (!last) return null;
  return (await ctx.store.people.get(last.actor))?.value.name ?? null;
}
