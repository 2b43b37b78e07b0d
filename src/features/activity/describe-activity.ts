// One readable sentence per activity row ("Adam Admin changed Ava Agent's role to admin"), built from the
// row's metadata (contracts/identity.ts, ACTIVITY_ACTIONS) so it still reads well after people have left.
import type { Activity } from '../../../contracts/identity';

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value : null);

const ROLE_NAMES: Record<string, string> = { owner: 'owner', admin: 'admin', agent: 'agent', viewer: 'viewer' };
const roleName = (value: unknown) => ROLE_NAMES[str(value) ?? ''] ?? str(value) ?? 'a new role';

const possessive = (name: string) => `${name}'s`;

export function describeActivity(activity: Activity): string {
  const m = activity.metadata;
  const actor = activity.actor?.name || 'Someone';
  const subject = str(m.name) ?? str(m.email) ?? 'a member';
  const isSelf = activity.actor !== null && activity.actor.id === activity.subjectId;

  switch (activity.action) {
    case 'workspace.created':
      return str(m.name) ? `${actor} created the workspace “${str(m.name)}”` : `${actor} created the workspace`;
    case 'workspace.renamed': {
      const to = str(m.to) ?? str(m.name);
      const from = str(m.from) ?? str(m.previousName);
      if (to && from) return `${actor} renamed the workspace from “${from}” to “${to}”`;
      return to ? `${actor} renamed the workspace to “${to}”` : `${actor} renamed the workspace`;
    }
    case 'member.added':
      return `${actor} added ${subject} as ${roleName(m.role)}`;
    case 'member.invited':
      return `${actor} invited ${str(m.email) ?? subject} as ${roleName(m.role)}`;
    case 'member.invitation_role_changed':
      return `${actor} changed the invitation for ${str(m.email) ?? subject} to ${roleName(m.to ?? m.role)}`;
    case 'member.invitation_revoked':
      return `${actor} cancelled the invitation for ${str(m.email) ?? subject}`;
    case 'member.joined':
      return `${str(m.name) ?? actor} joined the workspace${m.role ? ` as ${roleName(m.role)}` : ''}`;
    case 'member.role_changed':
      return isSelf
        ? `${actor} changed their own role to ${roleName(m.to ?? m.role)}`
        : `${actor} changed ${possessive(subject)} role to ${roleName(m.to ?? m.role)}`;
    case 'member.removed':
      return isSelf ? `${actor} left the workspace` : `${actor} removed ${subject}`;
    case 'member.left':
      return `${str(m.name) ?? actor} left the workspace`;
    default:
      return genericLine(actor, activity);
  }
}

/** `customer.created` → "Adam Admin created a customer" for actions this file does not know yet. */
function genericLine(actor: string, activity: Activity): string {
  const [noun = activity.subjectType, verb = 'changed'] = activity.action.split('.');
  const words = verb.replace(/_/g, ' ');
  const name = str(activity.metadata.name) ?? str(activity.metadata.title);
  const thing = noun.replace(/_/g, ' ');
  return name ? `${actor} ${words} ${thing} “${name}”` : `${actor} ${words} a ${thing}`;
}
