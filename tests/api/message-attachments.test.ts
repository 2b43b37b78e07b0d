// Files on an agent's message: POST …/conversations/{id}/messages takes up to 10 files uploaded to the workspace
// (by the URL or the pathname the upload answered) and stores the storage's own URL for each; a file of another
// workspace, another purpose or another site is refused (422, nothing written). The thread, the
// message.created event, the widget's visitor and a provider channel (links in the text) all get them.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import Pusher from 'pusher-js';
import type { Channel } from 'pusher-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { messageSchema } from '../../contracts/conversations.js';
import { workspaceEventSchemas } from '../../contracts/events.js';
import { workspaceChannel } from '../../contracts/realtime.js';
import { uploadTargetSchema, type UploadTarget } from '../../contracts/uploads.js';
import { widgetMessagesSchema } from '../../contracts/widget.js';
import { channels } from '../../db/schema/channels.js';
import { conversations, messages } from '../../db/schema/inbox.js';
import type { ChannelProviders } from '../../dev/channel-providers/server.js';
import { LOCAL_TELEGRAM_TOKEN } from '../../dev/channel-providers/telegram.js';
import type { MemberContext } from '../../api/_lib/http/route.js';
import { workspaceAttachments } from '../../api/_lib/uploads/attachments.js';
import { PUSHER, type TestApp } from '../support/app.js';
import { createChannel, eventually, startChannelTestApp } from '../support/channels.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

let app: TestApp;
let providers: ChannelProviders;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let wid: string;
let blobDir: string;
const open: Pusher[] = [];
const savedEnv = { APP_URL: process.env.APP_URL, BLOB_DIR: process.env.BLOB_DIR, BLOB_READ_WRITE_TOKEN: process.env.BLOB_READ_WRITE_TOKEN };

beforeAll(async () => {
  blobDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-message-files-'));
  process.env.BLOB_DIR = blobDir;
  delete process.env.BLOB_READ_WRITE_TOKEN;
  ({ app, providers } = await startChannelTestApp());
  process.env.APP_URL = app.url;
  api = client(app.url);
  team = await teamFixture(api);
  wid = team.workspace.id;
});
afterEach(() => {
  for (const p of open.splice(0)) p.disconnect();
});
afterAll(async () => {
  await app?.close();
  rmSync(blobDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** Uploads a file to a workspace as its agent would: the grant, then the PUT to the local store. */
async function upload(
  filename: string,
  contentType: string,
  bytes: Buffer,
  { workspaceId = wid, token = team.agent.token, purpose = 'attachment' } = {},
): Promise<UploadTarget> {
  const res = await api.post(`/api/workspaces/${workspaceId}/uploads`, { filename, contentType, size: bytes.length, purpose }, { token });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const target = uploadTargetSchema.parse(res.body);
  const put = await fetch(`${app.url}${target.uploadUrl}`, { method: 'PUT', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) });
  expect(put.status).toBe(200);
  return target;
}

const fileOf = (target: UploadTarget, name: string, size: number) => ({ url: target.publicUrl!, name, contentType: target.contentType, size });

async function newConversation(): Promise<string> {
  const customer = await api.post(`/api/workspaces/${wid}/customers`, { name: `Customer ${randomUUID().slice(0, 6)}` }, { token: team.agent.token });
  const conversation = await api.post(`/api/workspaces/${wid}/conversations`, { customerId: customer.body.id, channel: 'api' }, { token: team.agent.token });
  expect(conversation.status).toBe(201);
  return conversation.body.id as string;
}

const post = (conversationId: string, body: Record<string, unknown>) =>
  api.post(`/api/workspaces/${wid}/conversations/${conversationId}/messages`, body, { token: team.agent.token });

async function messageCount(conversationId: string): Promise<number> {
  return (await app.database.db.select({ id: messages.id }).from(messages).where(eq(messages.conversationId, conversationId))).length;
}

const png = () => Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), randomBytes(64)]);

describe('attachments on POST …/conversations/{id}/messages', () => {
  it('stores files uploaded to the workspace, named by URL or pathname, with the storage’s URL; the thread lists them', async () => {
    const conversationId = await newConversation();
    const image = png();
    const photo = await upload('box photo.png', 'image/png', image);
    const text = Buffer.from('Order 1042: 2 × beans\n');
    const note = await upload('order.txt', 'text/plain', text);

    const res = await post(conversationId, {
      content: 'Here is the photo and the order',
      attachments: [fileOf(photo, 'box photo.png', image.length), { pathname: note.pathname, name: 'order.txt', contentType: 'text/plain', size: text.length }],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const message = messageSchema.strict().parse(res.body);
    expect(message.attachments).toEqual([
      { id: expect.any(String), name: 'box photo.png', contentType: 'image/png', size: image.length, url: photo.publicUrl },
      { id: expect.any(String), name: 'order.txt', contentType: 'text/plain', size: text.length, url: `${app.url}/_blob/${note.pathname}` },
    ]);
    expect(message.attachments[0]!.id).not.toBe(message.attachments[1]!.id);
    // The stored URL serves the file that was uploaded.
    const served = await fetch(message.attachments[0]!.url);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(image)).toBe(true);

    const list = await api.get(`/api/workspaces/${wid}/conversations/${conversationId}/messages`, { token: team.viewer.token });
    expect(list.body.data[0]).toEqual(message);
  });

  it('takes a message of files only; without files an empty message is still refused', async () => {
    const conversationId = await newConversation();
    const image = png();
    const photo = await upload('only.png', 'image/png', image);
    const res = await post(conversationId, { content: '', attachments: [fileOf(photo, 'only.png', image.length)] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({ content: '', attachments: [{ name: 'only.png' }] });
    // Leaving the text out is the same.
    expect((await post(conversationId, { attachments: [fileOf(photo, 'only.png', image.length)] })).status).toBe(201);
    const conversation = await api.get(`/api/workspaces/${wid}/conversations/${conversationId}`, { token: team.viewer.token });
    expect(conversation.body.lastMessage.content).toBe('📎 only.png');

    for (const body of [{ content: '' }, { content: '   ', attachments: [] }, {}]) {
      const refused = await post(conversationId, body);
      expect(refused.status, JSON.stringify(body)).toBe(422);
      expect(refused.body.error.details).toEqual([{ path: 'content', message: 'Write a message' }]);
    }
    expect(await messageCount(conversationId)).toBe(2);
  });

  it('refuses a file of another workspace, another purpose or another site (422 on the field), writing nothing', async () => {
    const conversationId = await newConversation();
    const theirs = await upload('theirs.txt', 'text/plain', Buffer.from('secret'), { workspaceId: team.otherWorkspace.id, token: team.outsider.token });
    const productImage = await upload('lamp.png', 'image/png', png(), { purpose: 'product-image' });
    const mine = await upload('mine.txt', 'text/plain', Buffer.from('mine'));
    const base = { name: 'file.txt', contentType: 'text/plain', size: 6 };
    const cases: [Record<string, unknown>, string][] = [
      [{ ...base, pathname: theirs.pathname }, 'attachments.0.pathname'],
      [{ ...base, url: theirs.publicUrl }, 'attachments.0.url'],
      [{ ...base, pathname: productImage.pathname }, 'attachments.0.pathname'],
      [{ ...base, url: `https://evil.example/_blob/${mine.pathname}` }, 'attachments.0.url'],
      [{ ...base, url: `https://files.example.com/${mine.pathname}` }, 'attachments.0.url'],
      [{ ...base, url: `${mine.publicUrl}?download=1` }, 'attachments.0.url'],
      [{ ...base, url: 'javascript:alert(1)' }, 'attachments.0.url'],
      [{ ...base, pathname: `w/${wid}/attachment/../../w/${team.otherWorkspace.id}/attachment/x/y.txt` }, 'attachments.0.pathname'],
      [{ ...base, url: `${app.url}/_blob/w/${wid}/attachment/%2e%2e/x.txt` }, 'attachments.0.url'],
      [{ ...base, pathname: `/${mine.pathname}` }, 'attachments.0.pathname'],
      // Both given: they must name the same file.
      [{ ...base, pathname: mine.pathname, url: theirs.publicUrl }, 'attachments.0.pathname'],
      [{ ...base, pathname: mine.pathname, url: 'https://evil.example/x.txt' }, 'attachments.0.url'],
      [{ ...base, pathname: theirs.pathname, url: mine.publicUrl }, 'attachments.0.pathname'],
      [{ ...base }, 'attachments.0.url'],
      [{ ...base, pathname: mine.pathname, name: 'page.html' }, 'attachments.0.name'],
      [{ ...base, pathname: mine.pathname, contentType: 'image/svg+xml' }, 'attachments.0.contentType'],
      [{ ...base, pathname: mine.pathname, size: 25 * 1024 * 1024 + 1 }, 'attachments.0.size'],
    ];
    for (const [file, field] of cases) {
      const res = await post(conversationId, { content: 'Look', attachments: [file] });
      expect(res.status, JSON.stringify(file)).toBe(422);
      expect(res.body.error.code).toBe('validation_failed');
      expect(
        res.body.error.details.map((d: { path: string }) => d.path),
        JSON.stringify(file),
      ).toContain(field);
    }
    // One foreign file among good ones refuses the whole message.
    const mixed = await post(conversationId, {
      content: 'Look',
      attachments: [
        { ...base, pathname: mine.pathname },
        { ...base, pathname: theirs.pathname },
      ],
    });
    expect(mixed.status).toBe(422);
    expect(mixed.body.error.details).toEqual([{ path: 'attachments.1.pathname', message: 'Attach a file uploaded to this workspace' }]);
    expect(await messageCount(conversationId)).toBe(0);
  });

  it('refuses more than 10 files', async () => {
    const conversationId = await newConversation();
    const mine = await upload('mine.txt', 'text/plain', Buffer.from('mine'));
    const file = { pathname: mine.pathname, name: 'mine.txt', contentType: 'text/plain', size: 4 };
    const res = await post(conversationId, { content: 'Many', attachments: Array.from({ length: 11 }, () => file) });
    expect(res.status).toBe(422);
    expect(res.body.error.details).toEqual([{ path: 'attachments', message: 'Attach at most 10 files' }]);
    expect(await messageCount(conversationId)).toBe(0);
    expect((await post(conversationId, { content: 'Ten', attachments: Array.from({ length: 10 }, () => file) })).status).toBe(201);
  });

  it('message.created carries the files to members live', async () => {
    const conversationId = await newConversation();
    const pusher = new Pusher(PUSHER.key, {
      cluster: 'local',
      wsHost: '127.0.0.1',
      wsPort: app.pusher.port,
      forceTLS: false,
      enabledTransports: ['ws'],
      channelAuthorization: { endpoint: `${app.url}/api/realtime/auth`, transport: 'ajax', headers: { Authorization: `Bearer ${team.viewer.token}` } },
    });
    open.push(pusher);
    const channel: Channel = pusher.subscribe(workspaceChannel(wid));
    await new Promise<void>((resolve, reject) => {
      channel.bind('pusher:subscription_succeeded', () => resolve());
      channel.bind('pusher:subscription_error', () => reject(new Error('subscription_error')));
    });
    const received: unknown[] = [];
    channel.bind('message.created', (data: unknown) => received.push(data));

    const image = png();
    const photo = await upload('live.png', 'image/png', image);
    const res = await post(conversationId, { content: '', attachments: [fileOf(photo, 'live.png', image.length)] });
    expect(res.status).toBe(201);
    const data = await eventually(async () => received.find((d) => (d as { message: { id: string } }).message.id === res.body.id), 3000, 'message.created');
    const event = workspaceEventSchemas['message.created'].parse(data);
    expect(event.message.attachments).toEqual(res.body.attachments);
  });
});

describe('where the files go', () => {
  it('a widget visitor gets the team’s files with the reply', async () => {
    const publicKey = randomBytes(18).toString('base64url');
    await app.database.db.insert(channels).values({ workspaceId: wid, type: 'web', name: 'Website chat', status: 'connected', publicKey, settings: {} });
    const session = await api.post(`/api/public/widget/${publicKey}/sessions`, { name: 'Vera Visitor' });
    expect(session.status).toBe(201);
    const visitor = session.body.visitorToken as string;
    const first = await api.post('/api/public/widget/messages', { content: 'Can I see it?' }, { token: visitor });
    expect(first.status).toBe(201);
    const image = png();
    const photo = await upload('it.png', 'image/png', image);
    const reply = await post(first.body.conversationId, { content: 'Here it is', attachments: [fileOf(photo, 'it.png', image.length)] });
    expect(reply.status).toBe(201);

    const history = widgetMessagesSchema.parse((await api.get('/api/public/widget/messages', { token: visitor })).body);
    expect(history.data.at(-1)).toMatchObject({ senderType: 'agent', content: 'Here it is', attachments: reply.body.attachments });
  });

  it('a Telegram customer gets the text with a link to each file', async () => {
    const telegram = await createChannel(app, {
      workspaceId: wid,
      type: 'telegram',
      credentials: { botToken: LOCAL_TELEGRAM_TOKEN, webhookSecret: 'attachments-outbound-secret_01' },
    });
    expect(await providers.simulate(telegram.id, { id: '700000202', name: 'Tom Telegram' }, 'Send me the invoice')).toBe(200);
    const conversation = await eventually(
      async () => (await app.database.db.select().from(conversations).where(eq(conversations.channelId, telegram.id)))[0],
      8000,
      'the Telegram conversation',
    );
    const pdf = Buffer.from('%PDF-1.4\n%%EOF\n');
    const invoice = await upload('invoice.pdf', 'application/pdf', pdf);
    const res = await post(conversation.id, { content: 'Your invoice', attachments: [fileOf(invoice, 'invoice.pdf', pdf.length)] });
    expect(res.status).toBe(201);
    const sent = await eventually(async () => providers.sent().find((m) => m.text.startsWith('Your invoice')), 8000, 'the Telegram message');
    expect(sent.text).toBe(`Your invoice\ninvoice.pdf: ${invoice.publicUrl}`);
  });
});

describe('on Vercel Blob', () => {
  it('takes the store’s own URLs or pathnames of the workspace, and stores the store’s URL', () => {
    const saved = process.env.BLOB_READ_WRITE_TOKEN;
    process.env.BLOB_READ_WRITE_TOKEN = 'vercel_blob_rw_AbCdEf123_s3cr3tValue';
    try {
      const ctx = { workspaceId: wid, req: { headers: { host: 'app.example.com' } } } as unknown as MemberContext;
      const pathname = `w/${wid}/attachment/${'k'.repeat(24)}/plan.pdf`;
      const file = { name: 'plan.pdf', contentType: 'application/pdf', size: 10 };
      const url = `https://abcdef123.public.blob.vercel-storage.com/${pathname}`;
      expect(
        workspaceAttachments(ctx, [
          { ...file, pathname },
          { ...file, url },
        ]).map((a) => a.url),
      ).toEqual([url, url]);
      for (const foreign of [
        `https://otherstore.public.blob.vercel-storage.com/${pathname}`,
        `http://abcdef123.public.blob.vercel-storage.com/${pathname}`,
        `https://app.example.com/_blob/${pathname}`,
        `https://abcdef123.public.blob.vercel-storage.com/w/${team.otherWorkspace.id}/attachment/${'k'.repeat(24)}/plan.pdf`,
      ]) {
        expect(() => workspaceAttachments(ctx, [{ ...file, url: foreign }]), foreign).toThrow('Some fields are not valid');
      }
    } finally {
      if (saved === undefined) delete process.env.BLOB_READ_WRITE_TOKEN;
      else process.env.BLOB_READ_WRITE_TOKEN = saved;
    }
  });
});
