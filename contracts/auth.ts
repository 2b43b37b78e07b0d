// /api/auth: schemas and endpoints of registration, sign-in, token refresh, sign-out, the caller's account and sessions.
import { z } from 'zod';
import { endpoint } from './endpoint.js';
import {
  NUL_MESSAGE,
  hasNoNul,
  idSchema,
  linkTokenSchema,
  listQuerySchema,
  listResponseSchema,
  nameSchema,
  normalizedEmailSchema,
  roleSchema,
  timestampSchema,
} from './common.js';

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

export const userSchema = z.object({
  id: idSchema,
  email: z.string(),
  name: z.string(),
  createdAt: timestampSchema,
  /** When the user proved the email address is theirs; null until then. */
  emailVerifiedAt: timestampSchema.nullable(),
  twoFactorEnabled: z.boolean(),
});
export type User = z.infer<typeof userSchema>;

export const registerBodySchema = z.strictObject({
  email: normalizedEmailSchema,
  password: passwordSchema,
  name: nameSchema,
  /** The token of the invitation link the person came from: it verifies the email and accepts that invitation. */
  invitationToken: linkTokenSchema.optional(),
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

/** Login's answer for a user with two-factor sign-in: no session yet; send a code with the token to login/2fa. */
export const mfaChallengeSchema = z.object({
  mfaRequired: z.literal(true),
  /** Proves the password step for 5 minutes. */
  mfaToken: z.string(),
});
export type MfaChallenge = z.infer<typeof mfaChallengeSchema>;

export const loginResponseSchema = z.union([authResponseSchema, mfaChallengeSchema]);
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/** A 6-digit code from the authenticator app (spaces allowed, as apps show them). */
export const totpCodeSchema = z
  .string()
  .transform((v) => v.replace(/\s+/g, ''))
  .pipe(z.string().regex(/^\d{6}$/, 'Enter the 6-digit code from your authenticator app'));

/** A recovery code as shown once at set-up (`xxxxx-xxxxx`); case and dashes do not matter. */
export const recoveryCodeSchema = z
  .string()
  .transform((v) => v.toLowerCase().replace(/[^a-z0-9]/g, ''))
  .pipe(z.string().regex(/^[a-z0-9]{10}$/, 'Enter a recovery code like abcde-12345'));

/** POST /api/auth/login/2fa */
export const loginTwoFactorBodySchema = z
  .strictObject({
    mfaToken: z.string().min(1).max(2000),
    code: totpCodeSchema.optional(),
    recoveryCode: recoveryCodeSchema.optional(),
  })
  .refine((b) => (b.code === undefined) !== (b.recoveryCode === undefined), { message: 'Send either code or recoveryCode', path: ['code'] });
export type LoginTwoFactorBody = z.input<typeof loginTwoFactorBodySchema>;

/** POST /api/auth/2fa/setup: the secret to add to an authenticator app (pending until enabled with a code). */
export const twoFactorSetupSchema = z.object({ secret: z.string(), otpauthUrl: z.string() });
export type TwoFactorSetup = z.infer<typeof twoFactorSetupSchema>;

/** POST /api/auth/2fa/enable */
export const twoFactorEnableBodySchema = z.strictObject({ code: totpCodeSchema });
export const recoveryCodesSchema = z.object({ recoveryCodes: z.array(z.string()).length(10) });
export type RecoveryCodes = z.infer<typeof recoveryCodesSchema>;

/** POST /api/auth/2fa/disable: the password and a current code (or a recovery code). */
export const twoFactorDisableBodySchema = z.strictObject({
  password: currentPasswordSchema,
  code: z.string().min(1, 'Enter a code from your authenticator app or a recovery code').max(50).refine(hasNoNul, NUL_MESSAGE),
});
export type TwoFactorDisableBody = z.input<typeof twoFactorDisableBodySchema>;

/** POST /api/auth/verify-email */
export const tokenBodySchema = z.strictObject({ token: linkTokenSchema });

/** POST /api/auth/password/forgot */
export const forgotPasswordBodySchema = z.strictObject({ email: normalizedEmailSchema });

/** POST /api/auth/password/reset */
export const resetPasswordBodySchema = z.strictObject({ token: linkTokenSchema, newPassword: passwordSchema });
export type ResetPasswordBody = z.input<typeof resetPasswordBodySchema>;

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

export const authEndpoints = {
  register: endpoint({
    method: 'POST',
    path: '/api/auth/register',
    access: 'public',
    summary: 'Create an account and sign in (sets the refresh cookie); with an invitation token, also join that workspace',
    body: registerBodySchema,
    rateLimit: { limit: 10, windowSeconds: 3600 },
    cookie: true,
    example: { email: 'ada@example.com', password: 'Correct-Horse-9', name: 'Ada Lovelace' },
    response: authResponseSchema,
    status: 201,
  }),
  login: endpoint({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    summary: 'Sign in with email and password (sets the refresh cookie), or a two-factor challenge; 429 with Retry-After after repeated failures',
    body: loginBodySchema,
    example: { email: 'ada@example.com', password: 'Correct-Horse-9' },
    response: loginResponseSchema,
    rateLimit: { limit: 100, windowSeconds: 900 },
    cookie: true,
  }),
  loginTwoFactor: endpoint({
    method: 'POST',
    path: '/api/auth/login/2fa',
    access: 'public',
    summary: 'Finish a two-factor sign-in with a code from the authenticator app or a recovery code (sets the refresh cookie)',
    body: loginTwoFactorBodySchema,
    example: { mfaToken: 'eyJhbGciOiJIUzI1NiJ9.e30.signature', code: '123456' },
    response: authResponseSchema,
    rateLimit: { limit: 100, windowSeconds: 900 },
    cookie: true,
  }),
  refresh: endpoint({
    method: 'POST',
    path: '/api/auth/refresh',
    access: 'public',
    summary: 'Rotate the refresh cookie and issue a new access token',
    response: authResponseSchema,
    rateLimit: { limit: 300, windowSeconds: 900 },
    cookie: true,
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'public',
    summary: 'End the session of the refresh cookie',
    rateLimit: { limit: 300, windowSeconds: 900 },
    cookie: true,
  }),
  me: endpoint({
    method: 'GET',
    path: '/api/auth/me',
    access: 'user',
    summary: 'The signed-in user and their workspaces',
    response: meResponseSchema,
  }),
  updateMe: endpoint({
    method: 'PATCH',
    path: '/api/auth/me',
    access: 'user',
    summary: "Change the signed-in user's name",
    body: updateMeBodySchema,
    response: userSchema,
  }),
  changePassword: endpoint({
    method: 'POST',
    path: '/api/auth/password',
    access: 'user',
    summary: 'Change the password; every other session is revoked',
    body: changePasswordBodySchema,
  }),
  requestEmailVerification: endpoint({
    method: 'POST',
    path: '/api/auth/verify-email/request',
    access: 'user',
    summary: 'Email a link that verifies the address (24 hours, single use)',
  }),
  verifyEmail: endpoint({
    method: 'POST',
    path: '/api/auth/verify-email',
    access: 'public',
    summary: "Verify the email address with the link's token (410 when expired or used)",
    body: tokenBodySchema,
    example: { token: 'p2Yb3lq7zDkqWb0d1tXh8v1nYV9qv7m3X2bS1hQ6c0A' },
    rateLimit: { limit: 30, windowSeconds: 900 },
  }),
  forgotPassword: endpoint({
    method: 'POST',
    path: '/api/auth/password/forgot',
    access: 'public',
    summary: 'Email a password reset link (30 minutes, single use, only the newest works); 204 whether or not the account exists',
    body: forgotPasswordBodySchema,
    example: { email: 'ada@example.com' },
    rateLimit: { limit: 10, windowSeconds: 3600 },
  }),
  resetPassword: endpoint({
    method: 'POST',
    path: '/api/auth/password/reset',
    access: 'public',
    summary: "Set a new password with the reset link's token; every session of the account is signed out",
    body: resetPasswordBodySchema,
    example: { token: 'p2Yb3lq7zDkqWb0d1tXh8v1nYV9qv7m3X2bS1hQ6c0A', newPassword: 'Correct-Horse-10' },
    rateLimit: { limit: 30, windowSeconds: 900 },
  }),
  setupTwoFactor: endpoint({
    method: 'POST',
    path: '/api/auth/2fa/setup',
    access: 'user',
    summary: 'Start two-factor set-up: a new secret for the authenticator app (not in force until enabled)',
    response: twoFactorSetupSchema,
  }),
  enableTwoFactor: endpoint({
    method: 'POST',
    path: '/api/auth/2fa/enable',
    access: 'user',
    summary: 'Turn two-factor sign-in on with a code from the app; answers the 10 recovery codes, shown only this once',
    body: twoFactorEnableBodySchema,
    example: { code: '123456' },
    response: recoveryCodesSchema,
  }),
  disableTwoFactor: endpoint({
    method: 'POST',
    path: '/api/auth/2fa/disable',
    access: 'user',
    summary: 'Turn two-factor sign-in off (password and a current code or a recovery code)',
    body: twoFactorDisableBodySchema,
    example: { password: 'Correct-Horse-9', code: '123456' },
  }),
  listSessions: endpoint({
    method: 'GET',
    path: '/api/auth/sessions',
    access: 'user',
    summary: "The signed-in user's live sessions",
    query: listQuerySchema,
    response: sessionListSchema,
  }),
  revokeSession: endpoint({
    method: 'DELETE',
    path: '/api/auth/sessions/:id',
    access: 'user',
    summary: 'Revoke one of your sessions',
    params: z.object({ id: idSchema }),
  }),
};
