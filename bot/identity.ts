/**
 * Who is acting: the roster person whose Entra object id is the activity's
 * `from.aadObjectId`. Never anything inside a card's data (SPEC §5).
 */
import type { Person } from '../core/domain/model.js';
import type { Store } from '../core/store/store.js';

export async function personByAadObjectId(store: Store, aadObjectId: string | undefined): Promise<Person | null> {
  if (!aadObjectId) return null;
  const found = await store.people.list({ field: 'aadObjectId', equals: aadObjectId });
  return found[0]?.value ?? null;
}

/**
 * Teams user ids (`from.id`) of the people the bot has seen, for the cards' `refresh.userIds`
 * (Teams wants these ids there, not Entra ids). Learned from every activity; per process.
 */
export class TeamsIdDirectory {
  private readonly ids = new Map<string, string>();
  learn(person: string, teamsUserId: string | undefined) {
    if (teamsUserId) this.ids.set(person, teamsUserId);
  }
  get view(): ReadonlyMap<string, string> {
    return this.ids;
  }
}
