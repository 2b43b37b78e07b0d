// /api/workspaces/{wid}/channels (inbox function, admin+): the workspace's connected channels (API.md "Channels,
// the web widget and the AI assistant"). A web widget is made with the sites that may embed it; Telegram and
// Viber with their token, which the server checks with the provider while it registers the channel's webhook.
// Facebook, Instagram, WhatsApp and TikTok connect through their OAuth flow (…/channels/oauth/{provider}/start,
// contracts/oauth.ts), never by this POST. A channel's secrets are stored encrypted and never answered.
import { z } from 'zod';
import { action, quoted } from './activity-action.js';
import { CHANNEL_STATUSES, CHANNEL_TYPES, OAUTH_CHANNEL_TYPES, type ChannelType } from './channel-types.js';
import {
  hasNoNul,
  idSchema,
  itemParamsSchema,
  listQuerySchema,
  listResponseSchema,
  nameSchema,
  NUL_MESSAGE,
  timestampSchema,
  workspaceParamsSchema,
} from './common.js';
import { endpoint } from './endpoint.js';

/** How people call each kind of channel. */
export const CHANNEL_LABELS: Record<ChannelType, string> = {
  web: 'Web widget',
  telegram: 'Telegram',
  facebook: 'Facebook Messenger',
  instagram: 'Instagram',
  whatsapp: 'WhatsApp',
  viber: 'Viber',
  tiktok: 'TikTok',
  email: 'Email',
};

/** Channels made with a token pasted into a form, and the credential field each takes. */
export const TOKEN_CHANNEL_FIELDS = { telegram: 'botToken', viber: 'authToken' } as const;
export type TokenChannelType = keyof typeof TOKEN_CHANNEL_FIELDS;
export const isTokenChannel = (type: string): type is TokenChannelType => Object.hasOwn(TOKEN_CHANNEL_FIELDS, type);
export const isOAuthChannel = (type: string): type is (typeof OAUTH_CHANNEL_TYPES)[number] => (OAUTH_CHANNEL_TYPES as readonly string[]).includes(type);

export const WIDGET_ORIGINS_MAX = 20;
export const WIDGET_GREETING_MAX = 300;
/** A web widget's public key: `pk_` and 24 base64url characters (18 random bytes). */
export const WIDGET_PUBLIC_KEY = /^pk_[A-Za-z0-9_-]{24}$/;

/**
 * The origin a site is served from (`https://shop.example.com`, `http://localhost:5173`): http(s), a host, an
 * optional port, nothing else (a trailing `/` is dropped). Null when the text is not one.
 */
export function originOf(value: string): string | null {
  const text = value.trim().replace(/\/$/, '');
  if (!/^https?:\/\/[^/?#]+$/i.test(text)) return null;
  try {
    const url = new URL(text);
    if (url.username || url.password || url.hostname === '') return null;
    return url.origin;
  } catch {
    return null;
  }
}

const originSchema = z
  .string()
  .refine((value) => originOf(value) !== null, 'Enter a site’s origin: https:// and its host, with no path (e.g. https://shop.example.com)')
  .transform((value) => originOf(value)!);

/** A web widget's settings: the sites that may embed it (CORS and framing), its greeting and its colour. */
export const webSettingsSchema = z.strictObject({
  allowedOrigins: z
    .array(originSchema)
    .min(1, 'Add the site that will show the widget (e.g. https://shop.example.com)')
    .max(WIDGET_ORIGINS_MAX, `List at most ${WIDGET_ORIGINS_MAX} sites`)
    .transform((origins) => [...new Set(origins)]),
  greeting: z.string().trim().max(WIDGET_GREETING_MAX, `Use at most ${WIDGET_GREETING_MAX} characters`).refine(hasNoNul, NUL_MESSAGE).nullable().optional(),
  color: z
    .string()
    .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour like #2563eb')
    .transform((c) => c.toLowerCase())
    .nullable()
    .optional(),
});
export type WebSettings = z.output<typeof webSettingsSchema>;

/** What a web widget's PATCH may change (each key given replaces that setting; null clears greeting or colour). */
export const webSettingsPatchSchema = webSettingsSchema.partial();

const tokenSchema = (what: string) =>
  z
    .string(`Paste the ${what}`)
    .trim()
    .min(1, `Paste the ${what}`)
    .max(500, 'Use at most 500 characters')
    .regex(/^[\x21-\x7e]+$/, `The ${what} has no spaces or special characters: copy it again`);

const credentialSchemas = {
  telegram: z.strictObject({ botToken: tokenSchema('bot token @BotFather gave you') }),
  viber: z.strictObject({ authToken: tokenSchema('authentication token from the Viber admin panel') }),
};

/** Why a type cannot be created by this POST, or null. */
export function createRefusal(type: ChannelType): string | null {
  if (isOAuthChannel(type))
    return `Connect ${CHANNEL_LABELS[type]} with its “Connect with ${CHANNEL_LABELS[type]}” button (POST …/channels/oauth/${type}/start)`;
  if (type === 'email') return 'Email channels are not available yet';
  return null;
}

/**
 * POST: `type` and `name`; a web widget's `settings` (allowedOrigins, greeting?, color?); Telegram's
 * `credentials.botToken`, Viber's `credentials.authToken`. Checked per type, each problem at its field.
 */
export const createChannelBodySchema = z
  .strictObject({
    type: z.enum(CHANNEL_TYPES, `Choose one of ${CHANNEL_TYPES.join(', ')}`),
    name: nameSchema,
    settings: z.record(z.string(), z.unknown()).optional(),
    credentials: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((body, ctx) => {
    const refusal = createRefusal(body.type);
    if (refusal) {
      ctx.addIssue({ code: 'custom', path: ['type'], message: refusal });
      return;
    }
    const nested = (field: 'settings' | 'credentials', schema: z.ZodType, value: unknown) => {
      const result = schema.safeParse(value);
      if (!result.success)
        for (const issue of result.error.issues) {
          if (issue.code === 'unrecognized_keys')
            for (const key of issue.keys) ctx.addIssue({ code: 'custom', path: [field, ...issue.path, key], message: `Unknown field: ${key}` });
          else ctx.addIssue({ code: 'custom', path: [field, ...issue.path], message: issue.message });
        }
    };
    if (body.type === 'web') {
      nested('settings', webSettingsSchema, body.settings ?? {});
      if (body.credentials !== undefined) ctx.addIssue({ code: 'custom', path: ['credentials'], message: 'A web widget has no credentials' });
    } else if (isTokenChannel(body.type)) {
      nested('credentials', credentialSchemas[body.type], body.credentials ?? {});
      if (body.settings !== undefined && Object.keys(body.settings).length > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['settings'],
          message: `A ${CHANNEL_LABELS[body.type]} channel takes its settings from ${CHANNEL_LABELS[body.type]}`,
        });
    }
  });
export type CreateChannelBody = z.input<typeof createChannelBodySchema>;

/** PATCH: the name, and a web widget's settings (the keys given). */
export const updateChannelBodySchema = z.strictObject({
  name: nameSchema.optional(),
  settings: webSettingsPatchSchema.optional(),
});
export type UpdateChannelBody = z.input<typeof updateChannelBodySchema>;

export const connectedChannelSchema = z.object({
  id: idSchema,
  type: z.enum(CHANNEL_TYPES),
  name: z.string(),
  status: z.enum(CHANNEL_STATUSES),
  /** The web widget's `data-key`; null for other types. */
  publicKey: z.string().nullable(),
  /** What may be shown: a widget's allowedOrigins, greeting and color; the provider's account name and id. */
  settings: z.record(z.string(), z.unknown()),
  /** When a message last came in or went out through it. */
  lastActivityAt: timestampSchema.nullable(),
  /** Why the channel is in `error` (e.g. the provider refused its token), with what to do. */
  lastError: z.string().nullable(),
  createdAt: timestampSchema,
  updatedAt: timestampSchema,
});
export type ConnectedChannel = z.infer<typeof connectedChannelSchema>;
export const connectedChannelListSchema = listResponseSchema(connectedChannelSchema);

/** The web widget's embed snippet for a page of `origin` (the app's public origin). */
export const widgetSnippet = (origin: string, publicKey: string) =>
  `<script src="${origin.replace(/\/+$/, '')}/widget.js" data-key="${publicKey}" async></script>`;

export const channelEndpoints = {
  listChannels: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/channels',
    access: 'admin',
    summary: 'The workspace’s channels, newest first, with status and last activity (never their secrets)',
    params: workspaceParamsSchema,
    query: listQuerySchema,
    response: connectedChannelListSchema,
  }),
  createChannel: endpoint({
    method: 'POST',
    path: '/api/workspaces/:wid/channels',
    access: 'admin',
    summary:
      'Connect a channel. `web`: settings.allowedOrigins (the sites that embed the widget), greeting?, color?; the answer carries its publicKey. `telegram`: credentials.botToken; `viber`: credentials.authToken: the token is checked with the provider and the channel’s webhook registered (422 at the token when the provider refuses it). Facebook, Instagram, WhatsApp and TikTok connect through …/channels/oauth/{provider}/start (422 here)',
    params: workspaceParamsSchema,
    body: createChannelBodySchema,
    example: { type: 'web', name: 'Shop chat', settings: { allowedOrigins: ['https://shop.example.com'], greeting: 'Hi! How can we help?' } },
    response: connectedChannelSchema,
    status: 201,
    idempotent: true,
    keyScope: null,
  }),
  getChannel: endpoint({
    method: 'GET',
    path: '/api/workspaces/:wid/channels/:id',
    access: 'admin',
    summary: 'One channel (never its secrets)',
    params: itemParamsSchema,
    response: connectedChannelSchema,
  }),
  updateChannel: endpoint({
    method: 'PATCH',
    path: '/api/workspaces/:wid/channels/:id',
    access: 'admin',
    summary: 'Rename a channel, or change a web widget’s allowedOrigins, greeting or color (422 for settings of other types)',
    params: itemParamsSchema,
    body: updateChannelBodySchema,
    example: { name: 'Website chat' },
    response: connectedChannelSchema,
    keyScope: null,
  }),
  deleteChannel: endpoint({
    method: 'DELETE',
    path: '/api/workspaces/:wid/channels/:id',
    access: 'admin',
    summary:
      'Disconnect a channel: its webhook is removed at the provider (best effort), its secrets are erased and it is deleted; its conversations stay in the inbox',
    params: itemParamsSchema,
    keyScope: null,
  }),
};

const channelChangedSchema = z.object({
  id: idSchema,
  type: z.enum(CHANNEL_TYPES),
  name: z.string(),
  status: z.enum(CHANNEL_STATUSES),
  updatedAt: timestampSchema,
});
/** Events on private-workspace-{wid} (registered in contracts/events.ts): small; open pages refetch the channel. */
export const channelEvents = {
  'channel.created': channelChangedSchema,
  'channel.updated': channelChangedSchema,
  'channel.deleted': z.object({ id: idSchema }),
};

const channelMeta = z.object({ name: z.string(), type: z.string() });
/** "the Telegram channel", or "the channel" for a type this version does not know. */
const kindOf = (type: string | undefined) =>
  type && Object.hasOwn(CHANNEL_LABELS, type) ? `the ${CHANNEL_LABELS[type as ChannelType]} channel` : 'the channel';
/** Activity actions (registered in contracts/activity.ts). */
export const channelActivity = {
  'channel.connected': action('channel', channelMeta, (m, w) => `${w.actor} connected ${kindOf(m.type)} ${quoted(m.name ?? '')}`),
  'channel.updated': action(
    'channel',
    channelMeta.extend({ fields: z.array(z.string()) }),
    (m, w) => `${w.actor} changed ${kindOf(m.type)} ${quoted(m.name ?? '')}${m.fields?.length ? ` (${m.fields.join(', ')})` : ''}`,
  ),
  'channel.disconnected': action('channel', channelMeta, (m, w) => `${w.actor} disconnected ${kindOf(m.type)} ${quoted(m.name ?? '')}`),
};
