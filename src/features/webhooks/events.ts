// The events an endpoint may choose, grouped by what they are about (`customer.created` → Customer), for the
// endpoint dialog's checkboxes and the lists' summaries.
import { ALL_EVENTS, WEBHOOK_EVENTS } from '../../../contracts/outbound-webhooks';

export interface EventGroup {
  noun: string;
  label: string;
  events: string[];
}

const label = (noun: string) => {
  const words = noun.replace(/_/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
};

/** The workspace's events by noun, nouns and events in alphabetical order. */
export const EVENT_GROUPS: EventGroup[] = Object.entries(
  WEBHOOK_EVENTS.reduce<Record<string, string[]>>((groups, name) => {
    const noun = name.split('.')[0]!;
    (groups[noun] ??= []).push(name);
    return groups;
  }, {}),
)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([noun, events]) => ({ noun, label: label(noun), events }));

/** "All events", or the names, shortened past a few. */
export function eventsSummary(events: readonly string[], shown = 3): string {
  if (events.includes(ALL_EVENTS)) return 'All events';
  if (events.length <= shown) return events.join(', ');
  return `${events.slice(0, shown).join(', ')} and ${events.length - shown} more`;
}
