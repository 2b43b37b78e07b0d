// Ends every realtime connection of one user (Pusher's terminate_connections). Called from the outbox after a
// change that narrows what the user may see commits (removed from a workspace, demoted, a session revoked, the
// password reset): their clients reconnect, sign in again and re-subscribe, and channel authorization
// (routes.ts) now refuses what they lost. Only connections signed in with pusher:signin are ended.
import { serverEnv } from '../env.js';
import { pusherClient } from './publish.js';

/** Resolves once Pusher has accepted the request; throws on failure so the outbox retries. No-op when realtime is off. */
export async function terminateUserConnections(userId: string): Promise<void> {
  if (serverEnv().realtime.mode === 'off') return;
  const client = await pusherClient();
  // The SDK rejects on a 4xx/5xx answer and on a network error; anything else that is not a 2xx is a failure too.
  const response = await client.terminateUserConnections(userId);
  if (response.status < 200 || response.status >= 300) throw new Error(`Pusher answered ${response.status} to terminate_connections`);
}
