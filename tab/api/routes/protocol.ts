/**
 * The protocol of a meeting (SPEC §6, §7; the URLs are normative): the live draft until a version
 * is finalised, then the latest finalised version, as JSON, HTML, PDF and DOCX; finalising
 * (Justera och fastställ) and signing; the list of versions. All behind sign-in; read by the
 * body's members and secretaries.
 */
import { Router, type Response } from 'express';
import { z } from 'zod';
import { assembleProtocol, canonicalJson, currentProtocol, finaliseProtocol, sha256, signProtocol, signerRoles, type ProtocolDocument } from '../../../core/domain/protocol.js';
import { SIGNER_ROLES, type ProtocolVersion } from '../../../core/domain/model.js';
import { PROTOCOL_MEDIA_TYPES, protocolFileName, renderProtocolDocx, renderProtocolHtml, renderProtocolPdf } from '../../export/index.js';
import type { ProtocolVersions } from '../../shared/api-types.js';
import { signedIn } from '../auth.js';
import { actorOf, keySchema, meetingOr404, meetingParams, membershipIn, parseInput, requireBodyReader, type ApiContext } from '../context.js';
import { forbidden, requestLog } from '../errors.js';
import { TX } from '../texts.js';
import { protocolJson, versionView } from '../views.js';

const formatParams = z.object({ key: keySchema, format: z.enum(['html', 'pdf', 'docx']) });
const signBody = z.object({ role: z.enum(SIGNER_ROLES).optional() });

/** Content identity of what is served: the finalised content's hash, and how many have signed it. */
function setProtocolHeaders(res: Response, doc: ProtocolDocument) {
  res.setHeader('Cache-Control', 'no-store');
  // Signing adds to a version without changing its hash, so the ETag names the signatures too.
  if (doc.sha256) res.setHeader('ETag', `"${doc.sha256}-${doc.signatures.length}"`);
}

async function versionsOf(ctx: ApiContext, meeting: string): Promise<ProtocolVersion[]> {
  return (await ctx.store.protocols.list({ field: 'meeting', equals: meeting })).map((p) => p.value).sort((a, b) => a.version - b.version);
}

async function nameOf(ctx: ApiContext): Promise<(person: string) => string> {
  const people = new Map((await ctx.store.people.list()).map((p) => [p.value.key, p.value.name]));
  return (person) => people.get(person) ?? person;
}

export function protocolRoutes(ctx: ApiContext): Router {
  const router = Router();

  /** The meeting of the URL, for a reader of its body. */
  async function readable(params: unknown, res: Response) {
    const user = signedIn(res);
    const { key } = parseInput(meetingParams, params, 'params');
    const { stored, bodyName } = await meetingOr404(ctx, key);
    requireBodyReader(user, stored.value.body, bodyName);
    return { user, key, meeting: stored.value };
  }

  router.get('/:key/protocol', async (req, res) => {
    const { key } = await readable(req.params, res);
    const doc = await currentProtocol(ctx.svc, key);
    setProtocolHeaders(res, doc);
    res.json(protocolJson(doc));
  });

  router.get('/:key/protocol.:format', async (req, res) => {
    const { format } = parseInput(formatParams, req.params, 'params');
    const { key } = await readable({ key: req.params.key }, res);
    const doc = await currentProtocol(ctx.svc, key);
    setProtocolHeaders(res, doc);
    const fileName = protocolFileName(doc, format);
    res.setHeader('Content-Type', PROTOCOL_MEDIA_TYPES[format]);
    if (format === 'html') {
      res.setHeader('Content-Disposition', `inline; filename="${fileName}"`);
      // The page is the protocol only: its own styles, nothing to run or fetch.
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.send(renderProtocolHtml(doc));
      return;
    }
    const bytes = format === 'pdf' ? await renderProtocolPdf(doc) : await renderProtocolDocx(doc);
    res.setHeader('Content-Disposition', `attachment; filename="${fileName}"`);
    res.send(bytes);
  });

  router.get('/:key/protocol/versions', async (req, res) => {
    const { user, key, meeting } = await readable(req.params, res);
    const [versions, names, draft] = await Promise.all([versionsOf(ctx, key), nameOf(ctx), assembleProtocol(ctx.svc, key)]);
    const latest = versions.at(-1);
    const draftChanged = !latest || latest.sha256 !== sha256(canonicalJson(draft));
    const role = membershipIn(user, meeting.body)?.role;
    const mayFinalise = role === 'sekreterare' || role === 'ordförande';
    const canSign =
      latest && latest.status !== 'signed'
        ? signerRoles(meeting, role, user.person.key).filter((r) => !latest.signatures.some((s) => s.role === r))
        : [];
    const body: ProtocolVersions = {
      versions: versions.map((v) => versionView(v, names)),
      draftChanged,
      canFinalise: mayFinalise && draftChanged,
      canSign,
    };
    res.setHeader('Cache-Control', 'no-store').json(body);
  });

  router.post('/:key/protocol/finalise', async (req, res) => {
    const user = signedIn(res);
    const { key } = parseInput(meetingParams, req.params, 'params');
    await meetingOr404(ctx, key);
    const before = (await versionsOf(ctx, key)).at(-1)?.version ?? 0;
    // The domain refuses anyone but the body's sekreterare or ordförande (→ 403).
    const version = await finaliseProtocol(ctx.svc, key, actorOf(user), ctx.now().toISOString());
    const created = version.version > before;
    if (created && ctx.notifier) {
      try {
        await ctx.notifier.protocolFinalised(key, version.version);
      } catch (err) {
        // The version stands; the signers can still sign in the tab.
        requestLog(res, ctx.logger).warn({ err, meeting: key, version: version.version }, 'could not send the protocol for signing');
      }
    }
    res.status(created ? 201 : 200).json(versionView(version, await nameOf(ctx)));
  });

  router.post('/:key/protocol/sign', async (req, res) => {
    const user = signedIn(res);
    const { key } = parseInput(meetingParams, req.params, 'params');
    const { stored } = await meetingOr404(ctx, key);
    const { role } = parseInput(signBody, req.body ?? {}, 'body');
    if (role) {
      // The tab's button names the role; refuse one the caller does not hold rather than sign in another.
      const held = signerRoles(stored.value, membershipIn(user, stored.value.body)?.role, user.person.key);
      if (!held.includes(role)) throw forbidden(TX.cannotSignAs(role));
    }
    // Who signs in which role is the domain's rule (signerRoles); it refuses everyone else.
    const version = await signProtocol(
      ctx.svc,
      key,
      actorOf(user),
      { email: user.person.email, aadObjectId: user.aadObjectId },
      ctx.now().toISOString(),
    );
    res.json(versionView(version, await nameOf(ctx)));
  });

  return router;
}
