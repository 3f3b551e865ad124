/** Who is using the tab and where: shared by every page. */
import { createContext, useContext } from 'react';
import type { Me } from '../shared/api-types.js';
import type { Host } from './host.js';

export interface Session {
  host: Host;
  mode: 'local' | 'entra';
  me: Me;
  /** The meeting side panel (280 px) or any narrow window: one column, fewer table columns. */
  compact: boolean;
  /** Local mode: forget the chosen demo user and show the picker again. */
  switchUser: (() => void) | null;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionContext');
  return s;
}

export const DEV_USER_KEY = 'samverkan.devUser';

export function storedDevUser(): string | null {
  try {
    const v = window.localStorage.getItem(DEV_USER_KEY);
    return v && /^[\w-]{1,100}$/.test(v) ? v : null;
  } catch {
    return null;
  }
}

export function storeDevUser(id: string | null): void {
  try {
    if (id) window.localStorage.setItem(DEV_USER_KEY, id);
    else window.localStorage.removeItem(DEV_USER_KEY);
  } catch {
    // Private mode without storage: the choice lasts for this page only.
  }
}

/** The body keys where the caller is a secretary (may plan meetings, edit protocols, import). */
export function secretaryBodies(me: Me): Set<string> {
  return new Set(me.memberships.filter((m) => m.tabRole === 'secretary').map((m) => m.body));
}
