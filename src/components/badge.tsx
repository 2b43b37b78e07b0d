import type { ReactNode } from 'react';
import type { Role } from '../../contracts/roles';

const LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', agent: 'Agent', viewer: 'Viewer' };

export function roleLabel(role: Role): string {
  return LABELS[role];
}

export function Badge({ children, tone = 'neutral' }: { children: ReactNode; tone?: 'neutral' | 'accent' | 'warning' }) {
  const tones = {
    neutral: 'bg-subtle text-muted',
    accent: 'bg-accent-soft text-accent-soft-fg',
    warning: 'bg-warning-soft text-warning-soft-fg',
  };
  return <span className={`inline-flex items-center rounded px-1.5 py-0.5 text-xs font-medium ${tones[tone]}`}>{children}</span>;
}
