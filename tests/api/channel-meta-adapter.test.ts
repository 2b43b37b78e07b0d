// Meta's channels (Messenger, Instagram, WhatsApp Cloud API), without the app: the adapter's signature check, handshake, parsing
// of each product's deliveries and sending through the Graph API stand-in (dev/channel-providers/meta.ts).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_META, createMetaStandIn, metaDelivery, metaDeliveryBody, metaEnv, type MetaChannelType } from '../../dev/channel-providers/meta.js';
import type { LoadedChannel } from '../../api/_lib/channels/providers/types.js';

/** The stand-in on its own port (the shared providers server mounts the same module). */
async function startGraph() {
  const standIn = createMetaStandIn();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://graph.local');
      standIn.handle(req, res, url.pathname, url.searchParams, Buffer.concat(chunks));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { standIn, url: `http://127.0.0.1:${port}/v21.0`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

let graph: Awaited<ReturnType<typeof startGraph>>;
let meta: typeof import('../../api/_lib/channels/providers/meta.js');

beforeAll(async () => {
  graph = await startGraph();
  // Before anything reads the server environment.
  Object.assign(process.env, metaEnv(graph.url));
  meta = await import('../../api/_lib/channels/providers/meta.js');
});
afterAll(() => graph?.close());

const accountOf = (type: MetaChannelType) =>
  type === 'facebook' ? LOCAL_META.page.id : type === 'instagram' ? LOCAL_META.instagram.id : LOCAL_META.whatsapp.phoneNumberId;

function channelOf(type: MetaChannelType, accessToken = type === 'whatsapp' ? 'a.b.c' : LOCAL_META.page.accessToken): LoadedChannel {
  return {
    id: '00000000-0000-4000-8000-000000000001',
    workspaceId: '00000000-0000-4000-8000-000000000002',
    type,
    name: type,
    status: 'connected',
    settings: {},
    externalId: accountOf(type),
    credentials: { accessToken },
  };
}

const TYPES: MetaChannelType[] = ['facebook', 'instagram', 'whatsapp'];

describe('Meta adapter: signatures and the handshake', () => {
  it('accepts the signature Meta makes and refuses a missing (401) or wrong (403) one', () => {
    const { body, headers } = metaDelivery('facebook', LOCAL_META.page.id, { kind: 'message', from: '555', text: 'hi' });
    const rawBody = Buffer.from(body);
    const query = new URLSearchParams();
    expect(() => meta.adapter.verify({ headers, rawBody, query }, channelOf('facebook'))).not.toThrow();
    expect(() => meta.adapter.verify({ headers: {}, rawBody, query }, channelOf('facebook'))).toThrow(expect.objectContaining({ status: 401 }));
    const wrongKey = metaDelivery('facebook', LOCAL_META.page.id, { kind: 'message', from: '555', text: 'hi' }, 'another-secret').headers;
    expect(() =>
      meta.adapter.verify(
        {
          headers: wrongKey,
          rawBody: Buffer.from(metaDelivery('facebook', LOCAL_META.page.id, { kind: 'message', from: '555', text: 'hi' }, 'another-secret').body),
          query,
        },
        channelOf('facebook'),
      ),
    ).toThrow(expect.objectContaining({ status: 403 }));
    // One byte changed in the body.
    expect(() => meta.adapter.verify({ headers, rawBody: Buffer.from(body.replace('hi', 'ho')), query }, channelOf('facebook'))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
    expect(() => meta.adapter.verify({ headers: { 'x-hub-signature-256': 'sha256=zz' }, rawBody, query }, channelOf('facebook'))).toThrow(
      expect.objectContaining({ status: 403 }),
    );
  });

  it('answers the hub.challenge for the verify token only', () => {
    const ok = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': LOCAL_META.verifyToken, 'hub.challenge': '1158201444' });
    expect(meta.adapter.handshake!(ok, channelOf('whatsapp'))).toBe('1158201444');
    const wrong = new URLSearchParams({ 'hub.mode': 'subscribe', 'hub.verify_token': 'nope', 'hub.challenge': '1' });
    expect(() => meta.adapter.handshake!(wrong, channelOf('whatsapp'))).toThrow(expect.objectContaining({ status: 403 }));
    const noMode = new URLSearchParams({ 'hub.verify_token': LOCAL_META.verifyToken, 'hub.challenge': '1' });
    expect(() => meta.adapter.handshake!(noMode, channelOf('whatsapp'))).toThrow(expect.objectContaining({ status: 403 }));
  });
});

describe('Meta adapter: parsing deliveries', () => {
  it.each(TYPES)('%s: a customer message becomes one inbound message with its id', async (type) => {
    const body = metaDeliveryBody(type, accountOf(type), {
      kind: 'message',
      from: '4915112345678',
      name: 'Ada',
      text: 'Where is my order?',
      messageId: 'MID-1',
    });
    const parsed = await meta.adapter.parse(Buffer.from(JSON.stringify(body)), channelOf(type));
    expect(parsed.statuses).toEqual([]);
    expect(parsed.messages).toHaveLength(1);
    expect(parsed.messages[0]).toMatchObject({ sender: { externalId: '4915112345678' }, externalMessageId: 'MID-1', content: 'Where is my order?' });
    if (type === 'whatsapp') expect(parsed.messages[0]!.sender).toMatchObject({ name: 'Ada', phone: '+4915112345678' });
  });

  it.each(TYPES)('%s: a delivery for another account is not this channel’s', async (type) => {
    const body = metaDeliveryBody(type, '999', { kind: 'message', from: '1', text: 'x' });
    expect((await meta.adapter.parse(Buffer.from(JSON.stringify(body)), channelOf(type))).messages).toEqual([]);
  });

  it('Messenger: echoes of the page’s own messages are skipped; attachments are named; receipts move delivery', async () => {
    const page = LOCAL_META.page.id;
    const body = {
      object: 'page',
      entry: [
        {
          id: page,
          time: 1,
          messaging: [
            { sender: { id: page }, recipient: { id: '42' }, timestamp: 1, message: { mid: 'm_echo', text: 'our reply', is_echo: true, app_id: 1 } },
            {
              sender: { id: '42' },
              recipient: { id: page },
              timestamp: 2,
              message: { mid: 'm_photo', attachments: [{ type: 'image', payload: { url: 'https://cdn.example/p.jpg' } }] },
            },
            { sender: { id: '42' }, recipient: { id: page }, timestamp: 3, delivery: { mids: ['m_out1', 'm_out2'], watermark: 3 } },
            { sender: { id: '42' }, recipient: { id: page }, timestamp: 4, read: { watermark: 4 } },
          ],
        },
      ],
    };
    const parsed = await meta.adapter.parse(Buffer.from(JSON.stringify(body)), channelOf('facebook'));
    expect(parsed.messages).toEqual([
      {
        sender: { externalId: '42', name: expect.stringContaining('42') },
        externalMessageId: 'm_photo',
        content: '',
        attachments: [{ ref: 'https://cdn.example/p.jpg', name: null, contentType: null, size: null, label: '[image]' }],
      },
    ]);
    expect(parsed.statuses).toEqual([
      { externalMessageId: 'm_out1', status: 'delivered' },
      { externalMessageId: 'm_out2', status: 'delivered' },
    ]);
  });

  it('Instagram: a read receipt names the message', async () => {
    const body = metaDeliveryBody('instagram', LOCAL_META.instagram.id, { kind: 'status', messageId: 'm_ig', status: 'read', recipient: '7' });
    expect((await meta.adapter.parse(Buffer.from(JSON.stringify(body)), channelOf('instagram'))).statuses).toEqual([
      { externalMessageId: 'm_ig', status: 'read' },
    ]);
  });

  it('WhatsApp: images and documents become labelled messages; statuses carry the failure’s title', async () => {
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: '15550100000', phone_number_id: LOCAL_META.whatsapp.phoneNumberId },
      contacts: [{ profile: { name: 'Grace' }, wa_id: '447700900123' }],
      messages: [
        {
          from: '447700900123',
          id: 'wamid.IMG',
          timestamp: '1',
          type: 'image',
          image: { id: 'media-1', mime_type: 'image/jpeg', sha256: 'x', caption: 'the broken part' },
        },
        {
          from: '447700900123',
          id: 'wamid.DOC',
          timestamp: '2',
          type: 'document',
          document: { id: 'media-2', mime_type: 'application/pdf', filename: 'invoice.pdf' },
        },
      ],
      statuses: [
        { id: 'wamid.OUT1', status: 'delivered', timestamp: '3', recipient_id: '447700900123' },
        { id: 'wamid.OUT2', status: 'failed', timestamp: '4', recipient_id: '447700900123', errors: [{ code: 131047, title: 'Re-engagement message' }] },
        { id: 'wamid.OUT3', status: 'deleted', timestamp: '5', recipient_id: '447700900123' },
      ],
    };
    const body = { object: 'whatsapp_business_account', entry: [{ id: LOCAL_META.whatsapp.wabaId, changes: [{ field: 'messages', value }] }] };
    const parsed = await meta.adapter.parse(Buffer.from(JSON.stringify(body)), channelOf('whatsapp'));
    expect(
      parsed.messages.map((m) => [m.externalMessageId, m.content, m.sender.name, m.attachments?.map((a) => [a.ref, a.name, a.contentType, a.label])]),
    ).toEqual([
      ['wamid.IMG', 'the broken part', 'Grace', [['media-1', null, 'image/jpeg', '[image]']]],
      ['wamid.DOC', '', 'Grace', [['media-2', 'invoice.pdf', 'application/pdf', '[invoice.pdf]']]],
    ]);
    expect(parsed.statuses).toEqual([
      { externalMessageId: 'wamid.OUT1', status: 'delivered' },
      { externalMessageId: 'wamid.OUT2', status: 'failed', error: 'Re-engagement message' },
    ]);
  });

  it('a body that is not JSON is refused with 400', () => {
    expect(() => meta.adapter.parse(Buffer.from('{nope'), channelOf('facebook'))).toThrow(expect.objectContaining({ status: 400 }));
  });
});

describe('Meta adapter: sending through the Graph API', () => {
  it.each(TYPES)('%s: the stand-in receives exactly the text, from the channel’s account', async (type) => {
    graph.standIn.reset();
    const text = 'Your order ships today — tracking: 1Z999 «ok» 🚚';
    const { externalMessageId } = await meta.adapter.send(channelOf(type), '4915112345678', { content: text, attachments: [] });
    const sent = graph.standIn.sent();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ provider: type, accountId: accountOf(type), to: '4915112345678', text, messageId: externalMessageId });
    if (type === 'whatsapp')
      expect(sent[0]!.body).toEqual({
        messaging_product: 'whatsapp',
        recipient_type: 'individual',
        to: '4915112345678',
        type: 'text',
        text: { body: text, preview_url: false },
      });
    else expect(sent[0]!.body).toEqual({ recipient: { id: '4915112345678' }, messaging_type: 'RESPONSE', message: { text } });
  });

  it('a wrong token is a permanent failure with Graph’s message', async () => {
    await expect(meta.adapter.send(channelOf('facebook', 'EAAwrong'), '42', { content: 'x', attachments: [] })).rejects.toMatchObject({
      name: 'ProviderSendError',
      permanent: true,
      reason: expect.stringContaining('Invalid OAuth access token'),
    });
  });

  it('a blocked recipient is permanent; a 500, a 429 or Graph code 2 is transient', async () => {
    await expect(meta.adapter.send(channelOf('instagram'), 'blocked-1', { content: 'x', attachments: [] })).rejects.toMatchObject({
      permanent: true,
      reason: expect.stringContaining('551'),
    });
    graph.standIn.failNext({ status: 500, code: 1, message: 'An unknown error occurred' });
    await expect(meta.adapter.send(channelOf('facebook'), '42', { content: 'x', attachments: [] })).rejects.toMatchObject({ permanent: false });
    graph.standIn.failNext({ status: 429, code: 80007, message: 'Rate limit' });
    await expect(meta.adapter.send(channelOf('whatsapp'), '42', { content: 'x', attachments: [] })).rejects.toMatchObject({ permanent: false });
    graph.standIn.failNext({ status: 400, code: 2, message: 'Service temporarily unavailable' });
    await expect(meta.adapter.send(channelOf('facebook'), '42', { content: 'x', attachments: [] })).rejects.toMatchObject({ permanent: false });
    graph.standIn.failNext({ status: 400, code: 100, message: 'Invalid parameter' });
    await expect(meta.adapter.send(channelOf('facebook'), '42', { content: 'x', attachments: [] })).rejects.toMatchObject({
      permanent: true,
      reason: 'Invalid parameter (code 100)',
    });
  });

  it('files go as attachments after the text', async () => {
    graph.standIn.reset();
    await meta.adapter.send(channelOf('whatsapp'), '42', {
      content: 'here',
      attachments: [{ name: 'a.pdf', contentType: 'application/pdf', url: 'https://files.example/a.pdf' }],
    });
    expect(graph.standIn.sent().map((s) => [s.text, s.attachment])).toEqual([
      ['here', null],
      [null, { type: 'document', url: 'https://files.example/a.pdf', filename: 'a.pdf' }],
    ]);
  });
});
