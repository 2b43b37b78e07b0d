// The sidebar's Analytics section, where services are listed.
import type { NavSection } from '@/lib/feature';

export const SECTION: NavSection = { id: 'analytics', label: 'Analytics', order: 70 };
