import { serverEnv } from '../env.js';
import { database } from '../db.js';
import { route } from '../http/route.js';

export const healthRoutes = [
  route({
    method: 'GET',
    path: '/',
    access: 'public',
    async handle({ res }) {
      const env = serverEnv();
      const body = { status: 'ok', db: 'ok', realtime: env.realtime.mode, version: env.version };
      try {
        await (await database()).ping();
      } catch (err) {
        console.error('[health] database check failed:', (err as Error).message);
        res.setHeader('Cache-Control', 'no-store');
        res.status(503).json({ ...body, status: 'degraded', db: 'unavailable' });
        return null;
      }
      res.setHeader('Cache-Control', 'no-store');
      return body;
    },
  }),
];
