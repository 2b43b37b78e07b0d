// What the command palette lists, as plain data: the pages of the navigation the role may see, the features'
// actions and the shell's own, and the customers and conversations the search found. Matching and ordering
// live here, apart from the dialog, so they are tested on their own.
import type { Role } from '../../../contracts/roles';
import type { CommandAction, CommandContext, FeatureManifest } from '@/lib/feature';
import { commandHref } from '../deferred-features';
import { navFor, settingsTabsFor } from '../compose-features';

export type PaletteGroup = 'Pages' | 'Customers' | 'Conversations' | 'Actions';
/** The order groups are listed in. */
export const PALETTE_GROUPS: readonly PaletteGroup[] = ['Pages', 'Customers', 'Conversations', 'Actions'];

export interface PaletteItem {
  /** Unique in the list (also the option's DOM id suffix). */
  id: string;
  group: PaletteGroup;
  label: string;
  /** A second, quieter line (a customer's email, a conversation's customer). */
  detail?: string;
  keywords?: readonly string[];
  /** Where choosing it goes; or what choosing it does. */
  href?: string;
  run?: (context: CommandContext) => void | Promise<void>;
}

/** The navigation's pages: the workspace's (when in one), its settings tabs, and the account's. */
export function pageItems(features: readonly FeatureManifest[], wid: string | null, role: Role | undefined): PaletteItem[] {
  const items: PaletteItem[] = [];
  if (wid) {
    const base = `/w/${wid}`;
    for (const entry of navFor(features, 'workspace', role)) {
      items.push({
        id: `page:${entry.path || '(index)'}`,
        group: 'Pages',
        label: entry.label,
        detail: entry.section?.label,
        href: entry.path ? `${base}/${entry.path}` : base,
      });
    }
    items.push({ id: 'page:settings', group: 'Pages', label: 'Settings', detail: 'General', keywords: ['workspace'], href: `${base}/settings` });
    for (const tab of settingsTabsFor(features, role)) {
      items.push({ id: `page:settings/${tab.path}`, group: 'Pages', label: tab.label, detail: 'Settings', href: `${base}/settings/${tab.path}` });
    }
  }
  for (const entry of navFor(features, 'account', role)) {
    items.push({ id: `page:${entry.path}`, group: 'Pages', label: entry.label, detail: 'Account', href: entry.path });
  }
  return items;
}

/** The features' actions (src/features/<domain>/deferred.ts) as palette items, with the workspace filled in. */
export function commandItems(commands: readonly CommandAction[], wid: string | null): PaletteItem[] {
  return commands.flatMap((command): PaletteItem[] => {
    if (command.run) return [{ id: `action:${command.id}`, group: 'Actions', label: command.label, keywords: command.keywords, run: command.run }];
    const href = commandHref(command, wid);
    return href === null ? [] : [{ id: `action:${command.id}`, group: 'Actions', label: command.label, keywords: command.keywords, href }];
  });
}

const normalise = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * How well an item matches the typed text: every word of it must appear in the label, detail or keywords.
 * Higher is better; null: no match. A label that starts with the text ranks first, then one with a word that
 * does, then any other match.
 */
export function matchScore(item: PaletteItem, query: string): number | null {
  const words = normalise(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return 0;
  const label = normalise(item.label);
  const haystack = [label, normalise(item.detail ?? ''), ...(item.keywords ?? []).map(normalise)].join('\n');
  if (!words.every((word) => haystack.includes(word))) return null;
  const phrase = words.join(' ');
  if (label.startsWith(phrase)) return 3;
  if (label.split(/[^\p{L}\p{N}]+/u).some((part) => part.startsWith(words[0]!))) return 2;
  return 1;
}

/**
 * The list the palette shows for the typed text: local items (pages, actions) that match, best first within
 * their group; the search's results as the server ordered them; an item whose destination another already
 * has appears once (a feature's "Go to customers" beside the Customers page); groups in PALETTE_GROUPS order.
 */
export function paletteList(local: readonly PaletteItem[], searched: readonly PaletteItem[], query: string): PaletteItem[] {
  const matched = local
    .map((item, index) => ({ item, index, score: matchScore(item, query) }))
    .filter((entry): entry is { item: PaletteItem; index: number; score: number } => entry.score !== null)
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ item }) => item);
  const grouped = PALETTE_GROUPS.flatMap((group) => [...matched, ...searched].filter((item) => item.group === group));
  const ids = new Set<string>();
  const targets = new Set<string>();
  return grouped.filter((item) => {
    if (ids.has(item.id) || (item.href !== undefined && targets.has(item.href))) return false;
    ids.add(item.id);
    if (item.href !== undefined) targets.add(item.href);
    return true;
  });
}
