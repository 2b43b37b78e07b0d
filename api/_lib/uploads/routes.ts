// /api/workspaces/{wid}/uploads (served by the workspaces function): agents and above start uploads.
import { uploadEndpoints } from '../../../contracts/uploads.js';
import { implement } from '../http/implement.js';
import { startUpload } from './service.js';

export const routes = implement(uploadEndpoints, {
  createUpload: (ctx, { body }) => startUpload(ctx, body),
});
