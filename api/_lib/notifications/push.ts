// Sends one web push (the `push.send` outbox event, after the commit): the notification's title, body and url
// as JSON, encrypted (aes128gcm) to the browser's subscription and signed with the deployment's VAPID key. A
// push service that answers 404 or 410 says the subscription is gone: it is deleted. Other failures throw, so
// the outbox tries again later.
import https from 'node:https';
import { eq } from 'drizzle-orm';
import webpush, { WebPushError } from 'web-push';
import { pushSubscriptions } from '../../../db/schema/notifications.js';
import { database } from '../db.js';
import { serverEnv } from '../env.js';
import type { PushSendPayload } from './service.js';

/** How long a push service keeps an undelivered notification (seconds). */
export const PUSH_TTL_SECONDS = 24 * 60 * 60;

/** Push services take an https: URL or a mailto: address as the VAPID contact (an http APP_URL in development is neither). */
const contactOf = (subject: string) => (/^(https:|mailto:)/.test(subject) ? subject : 'mailto:admin@switchboard.local');

let agent: { ca: string; agent: https.Agent } | undefined;
/** Development and tests: an agent that trusts the local push service stand-in's certificate (PUSH_SERVICE_CA). */
function agentFor(ca: string): https.Agent {
  if (agent?.ca !== ca) agent = { ca, agent: new https.Agent({ ca, keepAlive: false }) };
  return agent.agent;
}

export async function sendPush(payload: PushSendPayload): Promise<void> {
  const vapid = serverEnv().push;
  if (!vapid) return; // push is off in this deployment
  const { db } = await database();
  const [subscription] = await db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, payload.subscriptionId));
  if (!subscription) return; // unsubscribed since
  const body = JSON.stringify({ title: payload.title, body: payload.body, url: payload.url, tag: payload.notificationId });
  try {
    await webpush.sendNotification({ endpoint: subscription.endpoint, keys: { p256dh: subscription.p256dh, auth: subscription.auth } }, body, {
      vapidDetails: { subject: contactOf(vapid.subject), publicKey: vapid.publicKey, privateKey: vapid.privateKey },
      TTL: PUSH_TTL_SECONDS,
      timeout: 10_000,
      ...(vapid.serviceCa ? { agent: agentFor(vapid.serviceCa) } : {}),
    });
    await db.update(pushSubscriptions).set({ lastSuccessAt: new Date() }).where(eq(pushSubscriptions.id, subscription.id));
  } catch (err) {
    if (err instanceof WebPushError && (err.statusCode === 404 || err.statusCode === 410)) {
      await db.delete(pushSubscriptions).where(eq(pushSubscriptions.id, subscription.id));
      return;
    }
    throw err;
  }
}
