/**
 * GET /api/dev/users: the demo user picker of local mode (SPEC §9). Every roster person with an
 * Entra object id, which is what `X-Dev-User` names. Not there (404) once Entra is configured.
 */
import { Router } from 'express';
import type { DevUser } from '../../shared/api-types.js';
import type { ApiContext } from '../context.js';
import { notFound } from '../errors.js';
import { TX } from '../texts.js';

export function devUserRoutes(ctx: ApiContext): Router {
  const router = Router();
  router.get('/dev/users', async (_req, res) => {
    if (ctx.config.entra) throw notFound(TX.devOnly);
    const [people, memberships, bodies, organisations] = await Promise.all([
      ctx.store.people.list(),
      ctx.store.memberships.list(),
      ctx.store.bodies.list(),
      ctx.store.organisations.list(),
    ]);
    const bodyName = new Map(bodies.map((b) => [b.value.key, b.value.name]));
    const orgName = new Map(organisations.map((o) => [o.value.key, o.value.name]));
    const byPerson = new Map<string, DevUser['roles']>();
    for (const { value: m } of [...memberships].sort((a, b) => a.value.order - b.value.order)) {
      const list = byPerson.get(m.person) ?? [];
      list.push({ body: m.body, bodyName: bodyName.get(m.body) ?? m.body, role: m.role });
      byPerson.set(m.person, list);
    }
    const users: DevUser[] = people
      .map((p) => p.value)
      .filter((p): p is typeof p & { aadObjectId: string } => p.aadObjectId !== null && p.aadObjectId !== '')
      .map((p) => ({ aadObjectId: p.aadObjectId, name: p.name, organisation: p.organisation ? (orgName.get(p.organisation) ?? p.organisation) : null, roles: byPerson.get(p.key) ?? [] }))
      .sort((a, b) => a.name.localeCompare(b.name, 'sv'));
    res.json(users);
  });
  return router;
}
