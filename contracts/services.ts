// Services: the AI services a client portal monitors (a chatbot, a voice agent, an automation), each with its
// configuration, whose shape depends on its kind (API.md "Analytics, services and the API platform"). A generic
// workspace resource (contracts/resource.ts); the kind's schema is checked on every write (api/_lib/services).
import { z } from 'zod';
import { defineResource, resourceActivity, resourceEndpoints, resourceEvents, type RecordOf } from './resource.js';

export const SERVICE_KINDS = ['chatbot', 'voice', 'automation', 'custom'] as const;
export type ServiceKind = (typeof SERVICE_KINDS)[number];
export const SERVICE_STATUSES = ['active', 'paused'] as const;

/** The most a service's configuration may weigh, as JSON text. */
export const SERVICE_CONFIG_MAX_BYTES = 16 * 1024;

/** Any JSON object up to 16 KB: what the column stores. The kind's own schema (serviceConfigSchemas) narrows it. */
export const serviceConfigSchema = z
  .record(z.string(), z.unknown())
  .refine((config) => new TextEncoder().encode(JSON.stringify(config)).length <= SERVICE_CONFIG_MAX_BYTES, 'At most 16 KB of configuration');

const model = z.string().trim().min(1, 'Name the model').max(100);
const temperature = z.number().min(0, 'At least 0').max(2, 'At most 2');

/** The configuration each kind takes (unknown keys are refused so a typo does not pass silently). */
export const serviceConfigSchemas = {
  chatbot: z.strictObject({
    model,
    temperature: temperature.optional(),
    systemPrompt: z.string().max(8000, 'At most 8,000 characters').optional(),
    greeting: z.string().max(500).optional(),
    maxTokens: z.number().int().min(1).max(32000).optional(),
  }),
  voice: z.strictObject({
    model,
    voice: z.string().trim().min(1, 'Choose a voice').max(100),
    language: z.string().regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'A language such as en or en-US'),
    phoneNumber: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'A phone number in international form, e.g. +4930123456')
      .optional(),
  }),
  automation: z.strictObject({
    trigger: z.enum(['schedule', 'webhook', 'event']),
    schedule: z.string().max(100).optional(),
    steps: z.array(z.strictObject({ name: z.string().trim().min(1).max(100), action: z.string().trim().min(1).max(100) })).max(50, 'At most 50 steps'),
  }),
  custom: serviceConfigSchema,
} satisfies Record<ServiceKind, z.ZodType>;

export const serviceResource = defineResource({
  name: 'service',
  plural: 'services',
  label: 'Service',
  pluralLabel: 'Services',
  code: { prefix: 'SVC', digits: 4 },
  title: 'name',
  fields: {
    name: { kind: 'text', label: 'Name', required: true, max: 120, sortable: true, search: true, list: true },
    kind: { kind: 'enum', label: 'Kind', values: SERVICE_KINDS, default: 'chatbot', filter: true, list: true },
    status: { kind: 'enum', label: 'Status', values: SERVICE_STATUSES, default: 'active', sortable: true, filter: true, list: true },
    description: { kind: 'longText', label: 'Description' },
    config: {
      kind: 'json',
      label: 'Configuration',
      schema: serviceConfigSchema,
      help: "JSON checked against the kind's schema (model, prompt, voice…), at most 16 KB",
    },
  },
  defaultSort: 'name',
  access: { read: 'viewer', write: 'admin', remove: 'admin' },
});

export type Service = RecordOf<typeof serviceResource>;

export const serviceEndpoints = { ...resourceEndpoints(serviceResource) };

export const serviceEvents = { ...resourceEvents(serviceResource) };

export const serviceActivity = { ...resourceActivity(serviceResource) };
