// Channels: where conversations come from and replies go to (API.md "Channels, the web widget and the AI
// assistant"). A channel's secrets (bot tokens, OAuth tokens, the webhook secret we hand the provider) are one
// AES-256-GCM blob in `credentials` (api/_lib/channels/crypto.ts) and never leave the server. A sender on a
// channel is a customer through `channel_identities` (one row per channel and external id, so concurrent first
// messages from one sender make one customer). OAuth connect flows keep their state in `oauth_states`.
import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { CHANNEL_STATUSES, CHANNEL_TYPES } from '../../contracts/channel-types.js';
import { users, workspaces } from './identity.js';
import { customers } from './inbox.js';

const quoted = (values: readonly string[]) => sql.raw(values.map((v) => `'${v}'`).join(', '));

export const channels = pgTable(
  'channels',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    name: text('name').notNull(),
    status: text('status').notNull().default('connected'),
    /** The web widget's public key (`data-key`); null for other types. */
    publicKey: text('public_key'),
    /** What the API shows: allowedOrigins, greeting, colours, the provider's account name and id, … */
    settings: jsonb('settings').$type<Record<string, unknown>>().notNull().default({}),
    /** Encrypted secrets (`v1.<iv>.<tag>.<ciphertext>`, base64url); null when the channel has none. */
    credentials: text('credentials'),
    /** The provider's id of the connected account (bot id, page id, phone number id, …), for routing. */
    externalId: text('external_id'),
    lastError: text('last_error'),
    lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('channels_type_check', sql`${t.type} in (${quoted(CHANNEL_TYPES)})`),
    check('channels_status_check', sql`${t.status} in (${quoted(CHANNEL_STATUSES)})`),
    uniqueIndex('channels_public_key_key').on(t.publicKey),
    index('channels_workspace_created_idx').on(t.workspaceId, t.createdAt, t.id),
  ],
);

export const channelIdentities = pgTable(
  'channel_identities',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    channelId: uuid('channel_id')
      .notNull()
      .references(() => channels.id, { onDelete: 'cascade' }),
    /** The sender's id at the provider (Telegram chat id, PSID, IGSID, phone number, Viber id, widget visitor). */
    externalId: text('external_id').notNull(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('channel_identities_channel_external_key').on(t.channelId, t.externalId), index('channel_identities_customer_idx').on(t.customerId)],
);

export const oauthStates = pgTable(
  'oauth_states',
  {
    /** SHA-256 (hex) of the state parameter; the parameter itself is only in the user's browser. */
    stateHash: text('state_hash').primaryKey(),
    workspaceId: uuid('workspace_id')
      .notNull()
      .references(() => workspaces.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').notNull(),
    /** PKCE code_verifier (encrypted), where the provider supports PKCE. */
    codeVerifier: text('code_verifier'),
    /** The channel's name and settings chosen at start. */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull().default({}),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('oauth_states_expires_idx').on(t.expiresAt)],
);
