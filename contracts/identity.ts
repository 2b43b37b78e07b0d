// Request bodies and response shapes of the identity endpoints (API.md: Auth and account, Workspaces and
// members, Activity log). The API validates with these exact schemas and the SPA types its calls with them,
// so a field renamed here breaks both sides at compile time.
//
// Request bodies are strict (unknown keys are rejected: no mass assignment). Emails are NOT normalized here:
// the server trims and lower-cases them itself. No string anywhere may contain a NUL character (Postgres
// rejects it in text columns, and it has no business in a name or a password).
import { z } from 'zod';
import { roleSchema } from './common.js';

// ---------------------------------------------------------------------------------------------------------
// Building blocks

const NUL_MESSAGE = 'Must not contain a NUL character';
const hasNoNul = (value: string) => !value.includes('\u0000');

/** Any free text: a string without NUL characters. */
export const textSchema = z.string().refine(hasNoNul, NUL_MESSAGE);

export const emailSchema = z.email('Enter a valid email address').max(254, 'Use at most 254 characters').refine(hasNoNul, NUL_MESSAGE);

/** An email as a request carries it: trimmed and lower-cased before it is checked and stored. */
export const normalizedEmailSchema = z.string().trim().toLowerCase().pipe(emailSchema);

/** A person's name: trimmed, 1-100 characters. */
export const nameSchema = z.string().trim().min(1, 'Enter a name').max(100, 'Use at most 100 characters').refine(hasNoNul, NUL_MESSAGE);

/** A workspace's name: same rules as a person's name. */
export const workspaceNameSchema = nameSchema;

// ---------------------------------------------------------------------------------------------------------
// Password policy

/** Common passwords that would otherwise pass the character rules; compared case-insensitively. */
export const COMMON_PASSWORDS: readonly string[] = [
  'password1!',
  'password123!',
  'password!1',
  'p@ssw0rd',
  'p@ssw0rd1',
  'p@ssw0rd!',
  'p@ssword1',
  'passw0rd!',
  'passw0rd1!',
  'password@1',
  'password#1',
  'password1@',
  'password1#',
  'welcome1!',
  'welcome123!',
  'welcome@123',
  'qwerty123!',
  'qwerty1!',
  'qwerty@123',
  'abc123!@#',
  'abcd1234!',
  'admin123!',
  'admin@123',
  'letmein1!',
  'iloveyou1!',
  'changeme1!',
  'monkey123!',
  'football1!',
  'baseball1!',
  'dragon123!',
  'sunshine1!',
  'princess1!',
  'trustno1!',
  'summer2024!',
  'summer2025!',
  'summer2026!',
  'winter2024!',
  'winter2025!',
  'winter2026!',
  'spring2025!',
  'autumn2025!',
  'test1234!',
  'zaq1@wsx',
  '1qaz@wsx',
  '!qaz2wsx',
  '1q2w3e4r!',
  'q1w2e3r4!',
  'aa123456!',
  'a1b2c3d4!',
  'hello123!',
];

const COMMON_PASSWORD_SET = new Set(COMMON_PASSWORDS.map((p) => p.toLowerCase()));

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads at most 72 bytes; longer passwords would be silently truncated. */
export const PASSWORD_MAX_BYTES = 72;

const utf8Length = (value: string) => new TextEncoder().encode(value).length;

export interface PasswordRule {
  id: 'length' | 'upper' | 'lower' | 'digit' | 'symbol' | 'max-bytes' | 'common';
  /** What the rule asks for, as the SPA's checklist shows it. */
  label: string;
  /** The validation message when the rule is broken. */
  message: string;
  test: (password: string) => boolean;
}

/** The password rules, in the order the SPA lists them. The schema below checks exactly these. */
export const PASSWORD_RULES: readonly PasswordRule[] = [
  {
    id: 'length',
    label: `At least ${PASSWORD_MIN_LENGTH} characters`,
    message: `Use at least ${PASSWORD_MIN_LENGTH} characters`,
    test: (p) => [...p].length >= PASSWORD_MIN_LENGTH,
  },
  { id: 'upper', label: 'An upper-case letter', message: 'Add an upper-case letter', test: (p) => /\p{Lu}/u.test(p) },
  { id: 'lower', label: 'A lower-case letter', message: 'Add a lower-case letter', test: (p) => /\p{Ll}/u.test(p) },
  { id: 'digit', label: 'A digit', message: 'Add a digit', test: (p) => /\p{Nd}/u.test(p) },
  {
    id: 'symbol',
    label: 'A symbol, like ! or #',
    message: 'Add a symbol, such as ! ? # or %',
    test: (p) => /[^\p{L}\p{N}\s]/u.test(p),
  },
  {
    id: 'max-bytes',
    label: `At most ${PASSWORD_MAX_BYTES} bytes`,
    message: `Use at most ${PASSWORD_MAX_BYTES} bytes (fewer characters outside A-Z)`,
    test: (p) => utf8Length(p) <= PASSWORD_MAX_BYTES,
  },
  {
    id: 'common',
    label: 'Not a common password',
    message: 'This password is too common; choose another',
    test: (p) => !COMMON_PASSWORD_SET.has(p.toLowerCase()),
  },
];

/** The policy in one sentence, for hints next to password fields. */
export const passwordPolicy = {
  minLength: PASSWORD_MIN_LENGTH,
  maxBytes: PASSWORD_MAX_BYTES,
  description:
    `At least ${PASSWORD_MIN_LENGTH} characters with an upper-case letter, a lower-case letter, a digit and a symbol; ` +
    `at most ${PASSWORD_MAX_BYTES} bytes; not a common password.`,
  rules: PASSWORD_RULES,
} as const;

/** A new password: every rule of the policy (each broken rule is its own issue on the same path). */
export const passwordSchema = PASSWORD_RULES.reduce<z.ZodType<string>>(
  (schema, rule) => schema.refine(rule.test, rule.message),
  z.string().refine(hasNoNul, NUL_MESSAGE),
);

/** An existing password, as typed at sign-in: no policy (it may predate the policy), only sane bounds. */
export const currentPasswordSchema = z.string().min(1, 'Enter your password').max(1024, 'Use at most 1024 characters').refine(hasNoNul, NUL_MESSAGE);

// ---------------------------------------------------------------------------------------------------------
// Shared response pieces

const idSchema = z.uuid();
const timestampSchema = z.iso.datetime({ offset: true });

/** A page of a list: `{ data, nextCursor }` (API.md, Conventions). */
export const listResponseSchema = <Item extends z.ZodType>(item: Item) => z.object({ data: z.array(item), nextCursor: z.string().nullable() });

export interface ListResponse<Item> {
  data: Item[];
  nextCursor: string | null;
}

/** `?limit=` (1-100, default 25) and `?cursor=`. */
export const listQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  cursor: z.string().max(500).refine(hasNoNul, NUL_MESSAGE).optional(),
});

// ---------------------------------------------------------------------------------------------------------
// Auth and account

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  createdAt: timestampSchema,
});
export type User = z.infer<typeof userSchema>;

export const registerBodySchema = z.strictObject({
  email: normalizedEmailSchema,
  password: passwordSchema,
  name: nameSchema,
});
export type RegisterBody = z.input<typeof registerBodySchema>;

export const loginBodySchema = z.strictObject({
  email: normalizedEmailSchema,
  password: currentPasswordSchema,
});
export type LoginBody = z.input<typeof loginBodySchema>;

/** Answer of register, login and refresh (plus the refresh cookie). */
export const authResponseSchema = z.object({
  user: userSchema,
  accessToken: z.string(),
  /** When the access token expires (ISO-8601). */
  expiresAt: timestampSchema,
});
export type AuthResponse = z.infer<typeof authResponseSchema>;

export const meWorkspaceSchema = z.object({ id: idSchema, name: z.string(), role: roleSchema });

/** GET /api/auth/me */
export const meResponseSchema = z.object({ user: userSchema, workspaces: z.array(meWorkspaceSchema) });
export type MeResponse = z.infer<typeof meResponseSchema>;

/** PATCH /api/auth/me */
export const updateMeBodySchema = z.strictObject({ name: nameSchema.optional() });
export type UpdateMeBody = z.input<typeof updateMeBodySchema>;

/** POST /api/auth/password */
export const changePasswordBodySchema = z.strictObject({
  currentPassword: currentPasswordSchema,
  newPassword: passwordSchema,
});
export type ChangePasswordBody = z.input<typeof changePasswordBodySchema>;

/** One item of GET /api/auth/sessions. */
export const sessionSchema = z.object({
  id: idSchema,
  createdAt: timestampSchema,
  lastUsedAt: timestampSchema,
  userAgent: z.string().nullable(),
  /** True for the session that made this request. */
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;
export const sessionListSchema = listResponseSchema(sessionSchema);

// ---------------------------------------------------------------------------------------------------------
// Workspaces and members

export const workspaceSchema = z.object({
  id: idSchema,
  name: z.string(),
  /** The caller's role in this workspace. */
  role: roleSchema,
  createdAt: timestampSchema,
});
export type Workspace = z.infer<typeof workspaceSchema>;
export const workspaceListSchema = listResponseSchema(workspaceSchema);

/** POST /api/workspaces */
export const createWorkspaceBodySchema = z.strictObject({ name: workspaceNameSchema });
export type CreateWorkspaceBody = z.input<typeof createWorkspaceBodySchema>;

/** PATCH /api/workspaces/{wid} */
export const updateWorkspaceBodySchema = z.strictObject({ name: workspaceNameSchema });
export type UpdateWorkspaceBody = z.input<typeof updateWorkspaceBodySchema>;

export const MEMBER_STATUSES = ['active', 'invited'] as const;
export const memberStatusSchema = z.enum(MEMBER_STATUSES);
export type MemberStatus = z.infer<typeof memberStatusSchema>;

/**
 * One item of GET /api/workspaces/{wid}/members: active members and pending invitations in one list.
 * `id` addresses the row in PATCH/DELETE …/members/{id}: the user's id for a member, the invitation's id
 * for an invitation (which has no user yet, so `userId` and `name` are null).
 */
export const memberSchema = z.object({
  id: idSchema,
  userId: idSchema.nullable(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSchema,
  status: memberStatusSchema,
  createdAt: timestampSchema,
});
export type Member = z.infer<typeof memberSchema>;
export const memberListSchema = listResponseSchema(memberSchema);

/** POST /api/workspaces/{wid}/members */
export const addMemberBodySchema = z.strictObject({ email: normalizedEmailSchema, role: roleSchema });
export type AddMemberBody = z.input<typeof addMemberBodySchema>;

/** PATCH /api/workspaces/{wid}/members/{userId} */
export const updateMemberBodySchema = z.strictObject({ role: roleSchema });
export type UpdateMemberBody = z.input<typeof updateMemberBodySchema>;

/** Path params of the member routes. */
export const memberParamsSchema = z.object({ wid: idSchema, userId: idSchema });

// ---------------------------------------------------------------------------------------------------------
// Activity log

export const activitySchema = z.object({
  id: idSchema,
  actor: z.object({ id: idSchema, name: z.string() }).nullable(),
  /** `noun.verb`, e.g. `member.added`, `member.role_changed`, `workspace.renamed`. */
  action: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: timestampSchema,
});
export type Activity = z.infer<typeof activitySchema>;
export const activityListSchema = listResponseSchema(activitySchema);

/** GET /api/workspaces/{wid}/activity query. */
export const activityQuerySchema = listQuerySchema.extend({
  subjectType: z.string().min(1).max(50).refine(hasNoNul, NUL_MESSAGE).optional(),
  subjectId: z.string().min(1).max(100).refine(hasNoNul, NUL_MESSAGE).optional(),
});
export type ActivityQuery = z.input<typeof activityQuerySchema>;
