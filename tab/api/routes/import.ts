/**
 * POST /api/import (SPEC §4): the upload of the import command, for secretaries. One JSON
 * document, or CSV sheets named after their sheet. Answers 200 with every error (path, or file
 * and row) whether or not the content was valid; nothing is written when anything is invalid.
 * 400 only for a request that is not an ImportRequest at all.
 */
import { Router, json } from 'express';
import { z } from 'zod';
import { convertCsv } from '../../../core/import/csv.js';
import { IMPORT_COLLECTIONS, importCsv, importDocument, type ImportReport } from '../../../core/import/importer.js';
import type { ImportResult } from '../../shared/api-types.js';
import { signedIn } from '../auth.js';
import { parseInput, type ApiContext } from '../context.js';
import { forbidden } from '../errors.js';
import { TX } from '../texts.js';

/** Rosters and a year of meetings fit in well under this; base64 adds a third. */
export const IMPORT_BODY_LIMIT = '5mb';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const importRequest = z.object({
  files: z
    .array(
      z.object({
        name: z.string().trim().min(1).max(255),
        contentBase64: z.string().refine((s) => s.length % 4 === 0 && BASE64.test(s), TX.base64Invalid),
      }),
    )
    .min(1, TX.importNoFiles)
    .max(20),
  dryRun: z.boolean().default(false),
});

const failed = (dryRun: boolean, message: string): ImportResult => ({ ok: false, dryRun, errors: [{ path: '', message }], summary: {} });

function resultOf(report: ImportReport, dryRun: boolean): ImportResult {
  const summary: ImportResult['summary'] = {};
  for (const c of IMPORT_COLLECTIONS) {
    summary[c] = { created: report.created[c], updated: report.updated[c], unchanged: report.unchanged[c] };
  }
  return { ok: report.ok, dryRun, errors: report.errors.map((e) => ({ path: e.path, message: e.message })), summary };
}

type Options = Parameters<typeof importDocument>[2] & { dryRun: boolean };

async function importJson(ctx: ApiContext, file: { name: string; bytes: Buffer }, opts: Options): Promise<ImportResult> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes).replace(/^\uFEFF/, '');
  } catch {
    return failed(opts.dryRun, TX.importNotUtf8(file.name));
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return failed(opts.dryRun, TX.importNotJson(file.name, err instanceof Error ? err.message : String(err)));
  }
  return resultOf(await importDocument(ctx.store, doc, opts), opts.dryRun);
}

export function importRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.post('/', json({ limit: IMPORT_BODY_LIMIT }), async (req, res) => {
    const user = signedIn(res);
    if (!user.memberships.some((m) => m.role === 'sekreterare')) throw forbidden(TX.onlySecretaryAny);
    const request = parseInput(importRequest, req.body, 'body');
    const { dryRun } = request;
    const files = request.files.map((f) => ({ name: f.name, bytes: Buffer.from(f.contentBase64, 'base64') }));
    const kind = (name: string) => (/\.json$/i.test(name) ? 'json' : /\.csv$/i.test(name) ? 'csv' : null);
    const unknown = files.find((f) => kind(f.name) === null);
    const opts: Options = { actor: user.person.key, source: 'tab', dryRun, label: files.map((f) => f.name).join(', ') };

    let result: ImportResult;
    if (unknown) {
      result = failed(dryRun, TX.importUnknownType(unknown.name));
    } else if (files.some((f) => kind(f.name) === 'json')) {
      if (files.length > 1) {
        result = failed(dryRun, files.every((f) => kind(f.name) === 'json') ? TX.importOneJson : TX.importMixed);
      } else {
        result = await importJson(ctx, files[0]!, opts);
      }
    } else {
      const conversion = convertCsv(files.map((f) => ({ name: f.name, content: f.bytes })));
      result = resultOf(await importCsv(ctx.store, conversion, opts), dryRun);
    }
    res.json(result);
  });
  return router;
}
