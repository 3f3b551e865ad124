/** Who may do what at a body's meeting, from the roster (SPEC §2, §5). */
import { CHAIR_ROLES, type Membership } from '../model.js';

export type Capability = 'run-meeting' | 'take-part' | 'edit-protocol' | 'read';

export function can(membership: Membership | undefined, capability: Capability): boolean {
  if (!membership) return false;
  switch (capability) {
    case 'run-meeting':
      return CHAIR_ROLES.includes(membership.role);
    case 'edit-protocol':
      return membership.role === 'sekreterare';
    case 'take-part':
    case 'read':
      return true;
  }
}
