// Idempotency-Key over HTTP on POST …/conversations/{id}/messages (API.md, Conventions added in round 2): a
// repeat gets the first answer and posts nothing; another body under the same key is refused; of concurrent
// repeats only one posts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let messagesUrl: string;

beforeAll(async () => {
  app = await startTestApp();
  api = client(app.url);
  team = await teamFixture(api);
  const base = `/api/workspaces/${team.workspace.id}`;
  const customer = await api.post(`${base}/customers`, { name: 'Idempotent Customer' }, { token: team.agent.token });
  const conversation = await api.post(`${base}/conversations`, { customerId: customer.body.id, channel: 'email' }, { token: team.agent.token });
  messagesUrl = `${base}/conversations/${conversation.body.id}/messages`;
});
afterAll(() => app.close());

const post = (content: string, key?: string, token = team.agent.token) =>
  api.post(messagesUrl, { content }, { token, headers: key === undefined ? {} : { 'Idempotency-Key': key } });

async function countOf(content: string): Promise<number> {
  const thread = await api.get(`${messagesUrl}?limit=100`, { token: team.agent.token });
  return thread.body.data.filter((m: { content: string }) => m.content === content).length;
}

describe('Idempotency-Key on posting a message', () => {
  it('answers a repeat with the first answer and Idempotent-Replayed: true, and posts one message', async () => {
    const first = await post('once only', 'key-once');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await post('once only', 'key-once');
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(await countOf('once only')).toBe(1);
  });

  it('refuses the same key with another body: 409 idempotency_key_reused', async () => {
    expect((await post('first body', 'key-reused')).status).toBe(201);
    const other = await post('second body', 'key-reused');
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('idempotency_key_reused');
    expect(await countOf('second body')).toBe(0);
  });

  it('of concurrent requests with one key, posts once; the others get the same message or 409 idempotency_in_progress', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => post('raced', 'key-race')));
    const created = answers.filter((a) => a.status === 201);
    const busy = answers.filter((a) => a.status === 409);
    expect(created.length + busy.length).toBe(4);
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(new Set(created.map((a) => a.body.id)).size).toBe(1);
    for (const a of busy) expect(a.body.error.code).toBe('idempotency_in_progress');
    expect(await countOf('raced')).toBe(1);
  });

  it('keeps keys per caller: another member using the same key posts their own message', async () => {
    const mine = await post('per caller', 'key-shared');
    const theirs = await post('per caller', 'key-shared', team.admin.token);
    expect(theirs.status).toBe(201);
    expect(theirs.headers.get('idempotent-replayed')).toBeNull();
    expect(theirs.body.id).not.toBe(mine.body.id);
    expect(await countOf('per caller')).toBe(2);
  });

  it('posts every time without a key, and refuses a key longer than 255 characters with 422', async () => {
    expect((await post('no key')).status).toBe(201);
    expect((await post('no key')).status).toBe(201);
    expect(await countOf('no key')).toBe(2);
    const tooLong = await post('long key', 'k'.repeat(256));
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.code).toBe('validation_failed');
    expect(await countOf('long key')).toBe(0);
  });
});
