// Files customers send through provider channels: fetched from the provider with the channel's credentials and
// stored through the storage interface (the local store here) before the message, which then carries them as
// attachments whose URL serves the same bytes. A file that cannot be fetched or is refused leaves a note in
// the message's text, and the message is stored all the same.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conversations, messages } from '../../db/schema/inbox.js';
import { LOCAL_META } from '../../dev/channel-providers/meta.js';
import { samplePng, type ChannelProviders } from '../../dev/channel-providers/server.js';
import { LOCAL_TELEGRAM_TOKEN } from '../../dev/channel-providers/telegram.js';
import type { TestApp } from '../support/app.js';
import { createChannel, eventually, startChannelTestApp } from '../support/channels.js';
import { client } from '../support/http.js';
import { teamFixture } from '../support/users.js';

const SECRET = 'attachments-webhook-secret_0123';
const WHATSAPP_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJsb2NhbCJ9.c2lnbmF0dXJl';

let app: TestApp;
let providers: ChannelProviders;
let api: ReturnType<typeof client>;
let team: Awaited<ReturnType<typeof teamFixture>>;
let telegram: { id: string };
let whatsapp: { id: string };
let blobDir: string;
const savedEnv = { APP_URL: process.env.APP_URL, BLOB_DIR: process.env.BLOB_DIR, BLOB_READ_WRITE_TOKEN: process.env.BLOB_READ_WRITE_TOKEN };

beforeAll(async () => {
  blobDir = mkdtempSync(path.join(os.tmpdir(), 'switchboard-channel-files-'));
  process.env.BLOB_DIR = blobDir;
  delete process.env.BLOB_READ_WRITE_TOKEN;
  ({ app, providers } = await startChannelTestApp());
  // The server stores files with a signed PUT to the local runtime at APP_URL, as `npm run dev` sets it.
  process.env.APP_URL = app.url;
  api = client(app.url);
  team = await teamFixture(api);
  telegram = await createChannel(app, {
    workspaceId: team.workspace.id,
    type: 'telegram',
    credentials: { botToken: LOCAL_TELEGRAM_TOKEN, webhookSecret: SECRET },
  });
  whatsapp = await createChannel(app, {
    workspaceId: team.workspace.id,
    type: 'whatsapp',
    credentials: { accessToken: WHATSAPP_TOKEN },
    externalId: LOCAL_META.whatsapp.phoneNumberId,
  });
});

afterAll(async () => {
  await app?.close();
  rmSync(blobDir, { recursive: true, force: true });
  for (const [name, value] of Object.entries(savedEnv)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

/** The customer message of a channel whose provider id ends with `suffix` (once it is stored). */
async function storedMessage(channelId: string, match: (row: typeof messages.$inferSelect) => boolean) {
  return eventually(
    async () => {
      const rows = await app.database.db
        .select()
        .from(messages)
        .where(and(eq(messages.workspaceId, team.workspace.id), eq(messages.senderType, 'customer')));
      return rows.find((row) => row.externalId?.startsWith(`${channelId}:`) && match(row));
    },
    8000,
    'the stored message',
  );
}

async function fetchBytes(url: string) {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    bytes: Buffer.from(await res.arrayBuffer()),
  };
}

describe('files customers send through provider channels', () => {
  it('a Telegram photo is fetched with getFile and stored: the message carries it and its URL serves the same bytes', async () => {
    const png = samplePng(20, [200, 40, 40]);
    const status = await providers.simulate(telegram.id, { id: '700000101', name: 'Photo Sender' }, 'The box arrived like this', undefined, {
      name: 'photo.png',
      contentType: 'image/png',
      bytes: png,
    });
    expect(status).toBe(200);
    const row = await storedMessage(telegram.id, (r) => r.content === 'The box arrived like this');
    expect(row.attachments).toHaveLength(1);
    const [file] = row.attachments;
    expect(file).toMatchObject({ name: 'photo.png', contentType: 'image/png', size: png.length });
    expect(file!.url).toMatch(new RegExp(`^${app.url}/_blob/w/${team.workspace.id}/attachment/[A-Za-z0-9_-]{24}/photo\\.png$`));
    const served = await fetchBytes(file!.url);
    expect(served.status).toBe(200);
    expect(served.type).toBe('image/png');
    expect(served.bytes.equals(png)).toBe(true);

    // The API gives the thread the same attachment.
    const list = await api.get(`/api/workspaces/${team.workspace.id}/conversations/${row.conversationId}/messages`, { token: team.agent.token });
    expect(list.status).toBe(200);
    const listed = (list.body.data as { id: string; attachments: unknown[] }[]).find((m) => m.id === row.id);
    expect(listed?.attachments).toEqual([file]);
  });

  it('a WhatsApp document is looked up by its media id, downloaded with the channel’s token and stored under its own name', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
    const status = await providers.simulate(whatsapp.id, { id: '4915100000777', name: 'Doc Sender' }, '', 'whatsapp', {
      name: 'Invoice März.pdf',
      contentType: 'application/pdf',
      bytes: pdf,
    });
    expect(status).toBe(200);
    const row = await storedMessage(whatsapp.id, (r) => r.attachments.length > 0);
    expect(row.content).toBe('');
    expect(row.attachments).toEqual([
      {
        id: expect.any(String),
        name: 'Invoice März.pdf',
        contentType: 'application/pdf',
        size: pdf.length,
        url: expect.stringMatching(/\/attachment\/[A-Za-z0-9_-]{24}\/Invoice-Marz\.pdf$/),
      },
    ]);
    const served = await fetchBytes(row.attachments[0]!.url);
    expect(served.status).toBe(200);
    expect(served.type).toBe('application/pdf');
    expect(served.disposition).toContain('attachment');
    expect(served.bytes.equals(pdf)).toBe(true);
    // The inbox list previews a message of files only by their names.
    const [conversation] = await app.database.db.select().from(conversations).where(eq(conversations.id, row.conversationId));
    expect(conversation?.lastMessagePreview).toBe('📎 Invoice März.pdf');
  });

  it('a file the provider cannot give leaves a note in the message, which is stored all the same', async () => {
    const update = {
      update_id: 9001,
      message: {
        message_id: 4242,
        from: { id: 700000202, is_bot: false, first_name: 'Lost' },
        chat: { id: 700000202, is_bot: false, first_name: 'Lost', type: 'private' },
        date: 1,
        caption: 'Here is the receipt',
        photo: [{ file_id: 'AgACunknownfile', file_unique_id: 'x', file_size: 10, width: 1, height: 1 }],
      },
    };
    const res = await api.request('POST', `/api/webhooks/telegram/${telegram.id}`, {
      raw: JSON.stringify(update),
      headers: { 'content-type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': SECRET },
    });
    expect(res.status).toBe(200);
    const row = await storedMessage(telegram.id, (r) => r.externalId === `${telegram.id}:700000202:4242`);
    expect(row.attachments).toEqual([]);
    expect(row.content).toBe('Here is the receipt\n[Photo] (the file could not be stored: Bad Request: invalid file_id)');
  });

  it('a file of a refused kind is not fetched: the message notes why', async () => {
    const status = await providers.simulate(whatsapp.id, { id: '4915100000888', name: 'Page Sender' }, 'see page', 'whatsapp', {
      name: 'offer.html',
      contentType: 'text/html',
      bytes: Buffer.from('<script>alert(1)</script>'),
    });
    expect(status).toBe(200);
    const row = await storedMessage(whatsapp.id, (r) => r.content.startsWith('see page'));
    expect(row.attachments).toEqual([]);
    expect(row.content).toBe('see page\n[offer.html] (the file could not be stored: web pages, SVG and XML files, scripts and programs cannot be attached)');
  });
});
