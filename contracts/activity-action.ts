// How an activity action is declared (contracts/activity.ts lists them all; a domain may declare its own in its
// contracts file and spread them into the registry).
import type { z } from 'zod';

export interface Who {
  /** The actor's name ("Someone" when the account is gone). */
  actor: string;
  /** True when the actor acted on themselves (e.g. changed their own role). */
  self: boolean;
}

export interface ActionDef<T extends string, S extends z.ZodObject> {
  subject: T;
  metadata: S;
  /** Reads leniently: rows written by older versions may miss fields, and the sentence must still read well. */
  describe(metadata: Partial<z.output<S>>, who: Who): string;
}

/** Declares one action: what it is about, the metadata its rows carry, and its sentence. */
export const action = <T extends string, S extends z.ZodObject>(subject: T, metadata: S, describe: ActionDef<T, S>['describe']): ActionDef<T, S> => ({
  subject,
  metadata,
  describe,
});

export const quoted = (text: string) => `“${text}”`;
