// /api/auth endpoints: registration, sign-in, token refresh, sign-out, the caller's account and sessions.
import { z } from 'zod';
import { idSchema } from './common.js';
import { endpoint } from './endpoint.js';
import {
  authResponseSchema,
  changePasswordBodySchema,
  listQuerySchema,
  loginBodySchema,
  meResponseSchema,
  registerBodySchema,
  sessionListSchema,
  updateMeBodySchema,
  userSchema,
} from './identity.js';

export const authEndpoints = {
  register: endpoint({
    method: 'POST',
    path: '/api/auth/register',
    access: 'public',
    summary: 'Create an account and sign in (sets the refresh cookie)',
    body: registerBodySchema,
    example: { email: 'ada@example.com', password: 'Correct-Horse-9', name: 'Ada Lovelace' },
    response: authResponseSchema,
    status: 201,
  }),
  login: endpoint({
    method: 'POST',
    path: '/api/auth/login',
    access: 'public',
    summary: 'Sign in with email and password (sets the refresh cookie; 429 with Retry-After after repeated failures)',
    body: loginBodySchema,
    example: { email: 'ada@example.com', password: 'Correct-Horse-9' },
    response: authResponseSchema,
  }),
  refresh: endpoint({
    method: 'POST',
    path: '/api/auth/refresh',
    access: 'public',
    summary: 'Rotate the refresh cookie and issue a new access token',
    response: authResponseSchema,
  }),
  logout: endpoint({
    method: 'POST',
    path: '/api/auth/logout',
    access: 'public',
    summary: 'End the session of the refresh cookie',
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
