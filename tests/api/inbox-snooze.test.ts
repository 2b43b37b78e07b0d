// Snooze: PATCH status snoozed takes a future snoozedUntil; reads treat a passed snooze as open (lazily), and the
// next write makes it open for real.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
});
afterAll(() => app.close());

const base = () => `/api/workspaces/${team.workspace.id}/conversations`;
async function newConversation(name: string) {
  const cust = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name }, { token: team.agent.token });
  const conv = await api.post(base(), { customerId: cust.body.id, channel: 'api' }, { token: team.agent.token });
  return conv.body.id as string;
}
const ids = async (query: string) =>
  ((await api.get(`${base()}?${query}&limit=100`, { token: team.agent.token })).body.data as { id: string }[]).map((c) => c.id);

describe('snooze', () => {
  it('snoozes until a future time, lists as snoozed, and any other status clears it', async () => {
    const id = await newConversation('Sam Snooze');
    const until = new Date(Date.now() + 3600_000).toISOString();
    const res = await api.patch(`${base()}/${id}`, { status: 'snoozed', snoozedUntil: until }, { token: team.agent.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'snoozed', snoozedUntil: until });
    expect(await ids('status=snoozed')).toContain(id);
    expect(await ids('status=open')).not.toContain(id);
    const closed = await api.patch(`${base()}/${id}`, { status: 'closed' }, { token: team.agent.token });
    expect(closed.body).toMatchObject({ status: 'closed', snoozedUntil: null });
  });

  it('refuses a snooze without a time, in the past, or a time without a snooze (422)', async () => {
    const id = await newConversation('Bad Snooze');
    for (const body of [
      { status: 'snoozed' },
      { status: 'snoozed', snoozedUntil: new Date(Date.now() - 60_000).toISOString() },
      { status: 'snoozed', snoozedUntil: 'tomorrow' },
      { status: 'open', snoozedUntil: new Date(Date.now() + 60_000).toISOString() },
    ]) {
      const res = await api.patch(`${base()}/${id}`, body, { token: team.agent.token });
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain('snoozedUntil');
    }
  });

  it('a snooze whose time has passed lists and reads as open, and the next write makes it open for real', async () => {
    const id = await newConversation('Past Snooze');
    // Snooze for a moment (the API only takes future times), then let it pass.
    const until = new Date(Date.now() + 1500).toISOString();
    expect((await api.patch(`${base()}/${id}`, { status: 'snoozed', snoozedUntil: until }, { token: team.agent.token })).status).toBe(200);
    expect(await ids('status=snoozed')).toContain(id);
    await new Promise((r) => setTimeout(r, 1700));
    expect(await ids('status=open')).toContain(id);
    expect(await ids('status=snoozed')).not.toContain(id);
    const detail = await api.get(`${base()}/${id}`, { token: team.agent.token });
    expect(detail.body).toMatchObject({ status: 'open', snoozedUntil: null });
    const summary = await api.get(`${base()}/summary`, { token: team.agent.token });
    expect(summary.body.open).toBeGreaterThanOrEqual(1);
    // A write (tags) wakes it in the row; the thread gets no status line for the wake-up.
    const patched = await api.patch(`${base()}/${id}`, { tags: ['later'] }, { token: team.agent.token });
    expect(patched.body).toMatchObject({ status: 'open', snoozedUntil: null });
    const msgs = (await api.get(`${base()}/${id}/messages`, { token: team.agent.token })).body.data as { event: { type: string } | null }[];
    expect(msgs.map((m) => m.event?.type)).toEqual(['tags_changed', 'snoozed']);
  });

  it('a customer message wakes a snoozed conversation', async () => {
    const id = await newConversation('Woken By Customer');
    await api.patch(`${base()}/${id}`, { status: 'snoozed', snoozedUntil: new Date(Date.now() + 86_400_000).toISOString() }, { token: team.agent.token });
    await api.post(`${base()}/${id}/messages`, { content: 'Any news?', senderType: 'customer' }, { token: team.agent.token });
    expect((await api.get(`${base()}/${id}`, { token: team.agent.token })).body).toMatchObject({ status: 'open', snoozedUntil: null });
  });
});
