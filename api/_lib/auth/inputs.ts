// Server-side request bodies of the identity endpoints: the shared contracts, with emails normalized
// (trimmed, lower-cased) before they are validated and stored.
import { z } from 'zod';
import {
  addMemberBodySchema,
  changePasswordBodySchema,
  emailSchema as contractEmail,
  loginBodySchema,
  registerBodySchema,
} from '../../../contracts/identity.js';

export const emailSchema = z.string().trim().toLowerCase().pipe(contractEmail);

export const registerBody = registerBodySchema.extend({ email: emailSchema });
export const loginBody = loginBodySchema.extend({ email: emailSchema });
export const addMemberBody = addMemberBodySchema.extend({ email: emailSchema });
export const changePasswordBody = changePasswordBodySchema;
export { updateMeBodySchema as updateMeBody } from '../../../contracts/identity.js';
