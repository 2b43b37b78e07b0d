// Search: ?q= matches message text (full-text, any status without a status filter) as well as subject, customer
// name and number; each item carries the matching message and a snippet that is escaped HTML with <mark>s.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversationListSchema } from '../../contracts/conversations.js';
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
async function conversationWith(name: string, subject: string | null, lines: [string, boolean?][]) {
  const cust = await api.post(`/api/workspaces/${team.workspace.id}/customers`, { name }, { token: team.agent.token });
  const id = (await api.post(base(), { customerId: cust.body.id, channel: 'api', subject }, { token: team.agent.token })).body.id as string;
  const posted: string[] = [];
  for (const [content, isPrivate] of lines) {
    const res = await api.post(`${base()}/${id}/messages`, isPrivate ? { content, private: true } : { content, senderType: 'customer' }, {
      token: team.agent.token,
    });
    posted.push(res.body.id);
  }
  return { id, posted };
}
const search = async (q: string, extra = '', token = team.viewer.token) => {
  const res = await api.get(`${base()}?q=${encodeURIComponent(q)}${extra}`, { token });
  expect(res.status).toBe(200);
  expect(conversationListSchema.parse(res.body)).toBeTruthy();
  return res.body.data as { id: string; status: string; match: { messageId: string; snippet: string } | null }[];
};

describe('GET /conversations?q= over message text', () => {
  it('finds a word that appears only in a closed conversation, with the message and a marked snippet', async () => {
    const closed = await conversationWith('Zed Closed', 'Shipping', [['My parcel never arrived, tracking says xylophonic depot'], ['Thanks!']]);
    await api.patch(`${base()}/${closed.id}`, { status: 'closed' }, { token: team.agent.token });
    const hits = await search('xylophonic');
    expect(hits.map((h) => h.id)).toEqual([closed.id]);
    expect(hits[0]).toMatchObject({ status: 'closed', match: { messageId: closed.posted[0] } });
    expect(hits[0]!.match!.snippet).toContain('<mark>xylophonic</mark>');
    // The status filter still applies when given.
    expect(await search('xylophonic', '&status=open')).toEqual([]);
    // A prefix of the last word matches while typing; whole words match in any case.
    expect((await search('xylopho')).map((h) => h.id)).toEqual([closed.id]);
    expect((await search('XYLOPHONIC depot')).map((h) => h.id)).toEqual([closed.id]);
    expect(await search('xylophonic nowhere')).toEqual([]);
  });

  it('escapes everything in the snippet but the marks', async () => {
    const c = await conversationWith('Esc Ape', null, [
      ['if 5 < 6 & "quoted" then quuxword <img src=x onerror=alert(1)> \uE000fake\uE001 <script>alert(2)</script>'],
    ]);
    const [hit] = await search('quuxword');
    expect(hit!.id).toBe(c.id);
    const snippet = hit!.match!.snippet;
    expect(snippet).toContain('<mark>quuxword</mark>');
    expect(snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>"]/);
    expect(snippet).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(snippet).not.toContain('\uE000');
    expect(snippet.match(/<mark>/g)).toHaveLength(1);
  });

  it('includes private notes for members, and keeps subject, name and number matches (match null)', async () => {
    const noted = await conversationWith('Nora Note', null, [['public text'], ['internal frobnicated remark', true]]);
    expect((await search('frobnicated')).map((h) => h.id)).toEqual([noted.id]);
    const named = await conversationWith('Quentin Quasimodo', 'Refund please', [['hello']]);
    const byName = await search('Quasimodo');
    expect(byName.map((h) => h.id)).toEqual([named.id]);
    expect(byName[0]!.match).toBeNull();
    // Both ways at once: one item.
    const both = await conversationWith('Plumbus Person', null, [['about the plumbus']]);
    expect((await search('plumbus')).map((h) => h.id)).toEqual([both.id]);
  });

  it('takes #N as a conversation number only, and a bare number as a number or a word in a message', async () => {
    const numbered = await conversationWith('Numa Number', null, [['hello']]);
    const { number } = (await api.get(`${base()}/${numbered.id}`, { token: team.agent.token })).body as { number: number };
    const mentions = await conversationWith('Otto Order', null, [[`about order ${number} again`]]);
    expect((await search(`#${number}`)).map((h) => h.id)).toEqual([numbered.id]);
    expect((await search(String(number))).map((h) => h.id)).toEqual(expect.arrayContaining([numbered.id, mentions.id]));
  });

  it('never reaches another workspace, pages with a cursor, and survives query syntax', async () => {
    const mine = await Promise.all([1, 2, 3].map((i) => conversationWith(`Pager ${i}`, null, [[`gizmotron number ${i}`]])));
    const first = await api.get(`${base()}?q=gizmotron&limit=2`, { token: team.agent.token });
    expect(first.body.data).toHaveLength(2);
    const second = await api.get(`${base()}?q=gizmotron&limit=2&cursor=${first.body.nextCursor}`, { token: team.agent.token });
    const all = [...first.body.data, ...second.body.data].map((c: { id: string }) => c.id).sort();
    expect(all).toEqual(mine.map((m) => m.id).sort());
    const other = await api.get(`/api/workspaces/${team.otherWorkspace.id}/conversations?q=gizmotron`, { token: team.outsider.token });
    expect(other.body.data).toEqual([]);
    for (const q of ['"unclosed', 'a & b | !c', "o'reilly:*", '-', '((', '#', 'x:* & y']) expect(Array.isArray(await search(q))).toBe(true);
  });
});
