/** Builds small rosters for rule tests: `person('a', 'ledamot', 'umea')`. */
import { membershipKey, type Membership, type Person, type Role } from '../../core/domain/model.js';
import type { RosterView } from '../../core/domain/rules/seating.js';

export interface Row {
  key: string;
  role: Role;
  org: string;
  substituteFor?: string;
}

export function roster(rows: Row[], body = 'lsg'): RosterView {
  const people = new Map<string, Person>();
  const memberships: Membership[] = rows.map((r, order) => {
    people.set(r.key, { key: r.key, name: r.key.toUpperCase(), organisation: r.org, email: null, aadObjectId: null, party: null });
    return { key: membershipKey(body, r.key), body, person: r.key, role: r.role, title: null, substituteFor: r.substituteFor ?? null, order };
  });
  return { memberships, people };
}
