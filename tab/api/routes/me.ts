/** GET /api/me: who is signed in, and what they may do in each body. */
import { Router } from 'express';
import type { Me } from '../../shared/api-types.js';
import { signedIn } from '../auth.js';
import { tabRoleOf, type ApiContext } from '../context.js';

export function meRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/', async (_req, res) => {
    const user = signedIn(res);
    const bodies = new Map((await ctx.store.bodies.list()).map((b) => [b.value.key, b.value.name]));
    const me: Me = {
      person: user.person.key,
      name: user.person.name,
      email: user.person.email,
      memberships: [...user.memberships]
        .sort((a, b) => a.order - b.order)
        .map((m) => ({ body: m.body, bodyName: bodies.get(m.body) ?? m.body, role: m.role, tabRole: tabRoleOf(m.role) })),
    };
    res.json(me);
  });
  return router;
}
