// Without an AI API (AI_BASE_URL, AI_API_KEY, AI_MODEL unset) the assistant is off: the settings say it is not
// available, and a customer message on a conversation with aiActive gets no answer and no handover.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { outbox } from '../../db/schema/platform.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  for (const name of ['AI_BASE_URL', 'AI_API_KEY', 'AI_MODEL']) delete process.env[name];
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

it('is not available, and leaves customer messages unanswered', async () => {
  const base = `/api/workspaces/${team.workspace.id}`;
  const settings = await api.get(`${base}/assistant`, { token: team.agent.token });
  expect(settings.body).toEqual({ available: false, enabledForNewConversations: false, knowledge: '', updatedAt: null });

  const customer = await api.post(`${base}/customers`, { name: 'Nora Nobody' }, { token: team.agent.token });
  const conversation = await api.post(`${base}/conversations`, { customerId: customer.body.id, channel: 'api' }, { token: team.agent.token });
  const url = `${base}/conversations/${conversation.body.id}`;
  expect((await api.patch(url, { aiActive: true }, { token: team.agent.token })).body.aiActive).toBe(true);
  const question = await api.post(`${url}/messages`, { content: 'I want a human. How much is shipping?', senderType: 'customer' }, { token: team.agent.token });
  expect(question.status).toBe(201);
  // The event was dispatched (to every subscriber) and nothing was written.
  await vi.waitFor(
    async () => {
      const [row] = await app.database.db
        .select({ dispatchedAt: outbox.dispatchedAt })
        .from(outbox)
        .where(sql`${outbox.name} = 'message.created' and ${outbox.payload} -> 'message' ->> 'id' = ${question.body.id}`);
      expect(row?.dispatchedAt).toBeTruthy();
    },
    { timeout: 5000 },
  );
  const messages = await api.get(`${url}/messages`, { token: team.agent.token });
  expect(messages.body.data.map((m: { senderType: string }) => m.senderType)).toEqual(['customer']);
  expect((await api.get(url, { token: team.agent.token })).body.aiActive).toBe(true);
});
