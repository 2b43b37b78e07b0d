// Building blocks every domain's contracts share: ids, timestamps, text, path parameters.
import { z } from 'zod';
import { ROLES } from './roles.js';

export const NUL_MESSAGE = 'Must not contain a NUL character';
export const hasNoNul = (value: string) => !value.includes('\u0000');

export const idSchema = z.uuid();
export const timestampSchema = z.iso.datetime({ offset: true });

/** Path parameters of a workspace collection, and of one item in it. */
export const workspaceParamsSchema = z.object({ wid: idSchema });
export const itemParamsSchema = z.object({ wid: idSchema, id: idSchema });

export const roleSchema = z.enum(ROLES);
