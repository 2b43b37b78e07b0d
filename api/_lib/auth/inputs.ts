// Request bodies of the auth and account endpoints.
import { z } from 'zod';
import { PASSWORD_MAX_BYTES } from './passwords.js';

const COMMON_PASSWORDS = new Set([
  'password', 'password1', 'password123', 'password1!', 'passw0rd', 'passw0rd!', 'p@ssw0rd', 'p@ssword1', 'qwerty123!',
  'qwerty123', 'welcome1!', 'welcome123!', 'letmein1!', 'admin123!', 'iloveyou1!', 'abc123!@#', 'changeme1!',
  'summer2024!', 'winter2024!', 'spring2025!', 'autumn2025!', 'p@ssw0rd1', 'password!1', 'trustno1!', '1qaz2wsx!q',
]);

const noNul = (s: string) => !s.includes('\u0000');

export const emailSchema = z
  .string()
  .trim()
  .max(254, 'Email is too long')
  .refine(noNul, 'Email contains a NUL character')
  .pipe(z.email('Enter a valid email address'))
  .transform((e) => e.toLowerCase());

export const nameSchema = z.string().trim().min(1, 'Name is required').max(100, 'Name is at most 100 characters').refine(noNul, 'Name contains a NUL character');

export const passwordSchema = z
  .string()
  .min(8, 'Password must be at least 8 characters')
  .refine((p) => new TextEncoder().encode(p).length <= PASSWORD_MAX_BYTES, `Password must be at most ${PASSWORD_MAX_BYTES} bytes`)
  .refine(noNul, 'Password contains a NUL character')
  .refine((p) => /\p{Ll}/u.test(p), 'Password needs a lower-case letter')
  .refine((p) => /\p{Lu}/u.test(p), 'Password needs an upper-case letter')
  .refine((p) => /\p{Nd}/u.test(p), 'Password needs a digit')
  .refine((p) => /[^\p{L}\p{Nd}]/u.test(p), 'Password needs a symbol')
  .refine((p) => !COMMON_PASSWORDS.has(p.toLowerCase()), 'This password is too common');

export const registerBody = z.strictObject({ email: emailSchema, password: passwordSchema, name: nameSchema });
export const loginBody = z.strictObject({ email: emailSchema, password: z.string().min(1, 'Password is required').max(1024) });
export const updateMeBody = z.strictObject({ name: nameSchema.optional() });
export const changePasswordBody = z.strictObject({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema });
