// The AI assistant (API.md "Channels, the web widget and the AI assistant"): a workspace's settings (the
// knowledge text the model is grounded in, and whether new channel conversations start with it on), and one
// row per customer message the assistant dealt with, so a redelivered `message.created` makes one answer.
import { check, index, pgTable, text, timestamp, uuid, boolean } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { workspaces } from './identity.js';
import { conversations, messages } from './inbox.js';

export const assistantSettings = pgTable('assistant_settings', {
  workspaceId: uuid('workspace_id')
    .primaryKey()
    .references(() => workspaces.id, { onDelete: 'cascade' }),
  /** New conversations from channels start with aiActive = this. */
  enabledForNew: boolean('enabled_for_new').notNull().default(false),
  knowledge: text('knowledge').notNull().default(''),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The assistant's outcome for one customer message: `answered` (an ai message) or `handover`. */
export const assistantAnswers = pgTable(
  'assistant_answers',
  {
    messageId: uuid('message_id')
      .primaryKey()
      .references(() => messages.id, { onDelete: 'cascade' }),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    conversationId: uuid('conversation_id')
      .notNull()
      .references(() => conversations.id, { onDelete: 'cascade' }),
    outcome: text('outcome').notNull(),
    /** The ai or system message that answered it. */
    replyId: uuid('reply_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('assistant_answers_outcome_check', sql`${t.outcome} in ('answered', 'handover')`),
    index('assistant_answers_conversation_idx').on(t.conversationId),
  ],
);
