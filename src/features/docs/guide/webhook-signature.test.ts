// @vitest-environment node
// The guide's webhook snippets are code people copy, so they run here as they are shown: verify-signature.mjs is
// written to a folder and imported, and checked against a known HMAC-SHA256 vector (computed with OpenSSL:
// `printf '%s' "$t.$body" | openssl dgst -sha256 -hmac "$secret"`) and against signatures made here with
// node:crypto, as the server signs (t={unix},v1=hex HMAC of "t.body" keyed with the whole secret); then
// server.mjs runs in a Node process of its own and answers signed and forged deliveries.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERIFY_SIGNATURE_JS, WEBHOOK_SERVER_JS } from './snippets';

type Verify = (rawBody: Buffer | string, header: string | undefined, secret: string, now?: number) => boolean;

const SECRET = 'whsec_8pYk2c1m4nQ7rT0vW3xZ6aB9dE2fH5jK';
const T = 1772366400; // 2026-03-01T12:00:00Z
const BODY =
  '{"id":"evt_18342","type":"order.created","workspaceId":"00000000-0000-4000-8000-0000000000aa","createdAt":"2026-03-01T12:00:00.000Z","data":{"order":{"number":1042}}}';
/** HMAC-SHA256(SECRET, `${T}.${BODY}`), hex, from OpenSSL. */
const KNOWN_V1 = '095d078e439b4575851ba1ec87de190a9fe852756c8690abec5549b7d3242b29';

/** The header as Switchboard sends it (api/_lib/outbound-webhooks/deliver.ts signs the same way). */
const sign = (body: string, secret = SECRET, t = T) => `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;

let dir: string;
let verifySignature: Verify;
let TOLERANCE_SECONDS: number;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'switchboard-guide-'));
  writeFileSync(join(dir, 'verify-signature.mjs'), VERIFY_SIGNATURE_JS);
  writeFileSync(join(dir, 'server.mjs'), WEBHOOK_SERVER_JS);
  // The file as written (plain ESM; server.mjs below also loads it with Node's own loader).
  const module = (await import(/* @vite-ignore */ pathToFileURL(join(dir, 'verify-signature.mjs')).href)) as {
    verifySignature: Verify;
    TOLERANCE_SECONDS: number;
  };
  ({ verifySignature, TOLERANCE_SECONDS } = module);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the guide’s verify-signature.mjs', () => {
  it('computes HMAC-SHA256 of "t.body" keyed with the whole secret, as the known vector says', () => {
    expect(sign(BODY)).toBe(`t=${T},v1=${KNOWN_V1}`);
    expect(verifySignature(BODY, `t=${T},v1=${KNOWN_V1}`, SECRET, T)).toBe(true);
    expect(verifySignature(Buffer.from(BODY), `t=${T},v1=${KNOWN_V1.toUpperCase()}`, SECRET, T)).toBe(true);
    // Not keyed without the whsec_ prefix, nor over the body alone.
    const withoutPrefix = createHmac('sha256', SECRET.slice('whsec_'.length)).update(`${T}.${BODY}`).digest('hex');
    expect(verifySignature(BODY, `t=${T},v1=${withoutPrefix}`, SECRET, T)).toBe(false);
    const bodyOnly = createHmac('sha256', SECRET).update(BODY).digest('hex');
    expect(verifySignature(BODY, `t=${T},v1=${bodyOnly}`, SECRET, T)).toBe(false);
  });

  it('accepts signatures made here for any body, as raw bytes, with multi-byte characters', () => {
    const body = JSON.stringify({ id: 'evt_2', type: 'message.created', data: { message: { content: 'Grüße — ¿qué tal? 👋' } } });
    expect(verifySignature(Buffer.from(body, 'utf8'), sign(body), SECRET, T)).toBe(true);
    expect(verifySignature(body, sign(body), SECRET, T)).toBe(true);
  });

  it('refuses a changed body, another secret, a changed or missing signature', () => {
    expect(verifySignature(BODY.replace('1042', '1043'), sign(BODY), SECRET, T)).toBe(false);
    expect(verifySignature(`${BODY}\n`, sign(BODY), SECRET, T)).toBe(false);
    expect(verifySignature(BODY, sign(BODY, 'whsec_another'), SECRET, T)).toBe(false);
    expect(verifySignature(BODY, `t=${T},v1=${KNOWN_V1.replace(/.$/, '0')}`, SECRET, T)).toBe(false);
    expect(verifySignature(BODY, `t=${T + 1},v1=${KNOWN_V1}`, SECRET, T)).toBe(false);
    for (const header of [undefined, '', `t=${T}`, `v1=${KNOWN_V1}`, `t=${T},v1=abc`, `t=soon,v1=${KNOWN_V1}`, 'garbage']) {
      expect(verifySignature(BODY, header, SECRET, T)).toBe(false);
    }
  });

  it('takes a signature up to five minutes old or ahead, and no more', () => {
    expect(TOLERANCE_SECONDS).toBe(300);
    expect(verifySignature(BODY, sign(BODY), SECRET, T + 300)).toBe(true);
    expect(verifySignature(BODY, sign(BODY), SECRET, T - 300)).toBe(true);
    expect(verifySignature(BODY, sign(BODY), SECRET, T + 301)).toBe(false);
    expect(verifySignature(BODY, sign(BODY), SECRET, T - 301)).toBe(false);
    // Without `now`, the clock: a delivery signed now passes, one from 2026-03-01 does not.
    const now = Math.floor(Date.now() / 1000);
    expect(verifySignature(BODY, sign(BODY, SECRET, now), SECRET)).toBe(true);
    expect(verifySignature(BODY, sign(BODY), SECRET)).toBe(Math.abs(now - T) <= 300);
  });
});

describe('the guide’s server.mjs', () => {
  let child: ChildProcess;
  let port: number;
  let output = '';

  const freePort = () =>
    new Promise<number>((resolve, reject) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: p } = probe.address() as AddressInfo;
        probe.close(() => resolve(p));
      });
      probe.on('error', reject);
    });

  const post = (path: string, body: string, headers: Record<string, string>) =>
    new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      });
      req.on('error', reject);
      req.end(body);
    });

  beforeAll(async () => {
    port = await freePort();
    child = spawn(process.execPath, ['server.mjs'], { cwd: dir, env: { ...process.env, PORT: String(port), SWITCHBOARD_WEBHOOK_SECRET: SECRET } });
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    // Ready once it answers (404 for another path).
    for (let i = 0; ; i++) {
      try {
        await post('/ready', '', {});
        break;
      } catch (error) {
        if (i > 100) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  });
  afterAll(() => {
    child?.kill();
  });

  it('answers 204 to a signed delivery, once per event, and 400 to a forged one', async () => {
    const now = Math.floor(Date.now() / 1000);
    const headers = { 'Switchboard-Event': 'order.created', 'Switchboard-Delivery': 'd1', 'Switchboard-Signature': sign(BODY, SECRET, now) };
    expect((await post('/switchboard', BODY, headers)).status).toBe(204);
    expect((await post('/switchboard', BODY, headers)).status).toBe(204); // a retry
    expect(await post('/switchboard', BODY.replace('1042', '9999'), headers)).toEqual({ status: 400, text: 'Bad signature' });
    expect((await post('/switchboard', BODY, { ...headers, 'Switchboard-Signature': sign(BODY, SECRET, now - 600) })).status).toBe(400);
    expect((await post('/switchboard', BODY, { 'Switchboard-Event': 'order.created' })).status).toBe(400);
    await expect.poll(() => output).toContain('order.created evt_18342 {"order":{"number":1042}}');
    // The retry was recognised: the event was handled once.
    expect(output.match(/evt_18342/g)).toHaveLength(1);
  });
});
