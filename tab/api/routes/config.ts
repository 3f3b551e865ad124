/** GET /api/config: what the tab needs before sign-in (no sign-in needed, nothing secret). */
import { Router } from 'express';
import { VERSION } from '../../../server/app.js';
import type { TabConfig } from '../../shared/api-types.js';
import type { ApiContext } from '../context.js';

export function configRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/config', (_req, res) => {
    const body: TabConfig = {
      mode: ctx.config.entra ? 'entra' : 'local',
      clientId: ctx.config.entra?.clientId ?? null,
      version: VERSION,
    };
    res.json(body);
  });
  return router;
}
