// A local web-push service stand-in (RFC 8030 delivery, RFC 8291 message encryption, RFC 8292 VAPID), for
// development and tests. It serves HTTPS with a self-signed certificate (push services are HTTPS; the app
// trusts this one through PUSH_SERVICE_CA), hands out subscriptions whose keys it holds, and on
// `POST /push/:id`:
//   - checks `Authorization: vapid t=<JWT>, k=<public key>`: an ES256 JWT signed by k, `aud` the endpoint's
//     origin, `exp` in the future and at most 24 h away, and a `sub` (401/403 otherwise);
//   - checks `TTL` and `Content-Encoding: aes128gcm`, and decrypts the body with the subscription's private key
//     and auth secret (400 when it does not decrypt);
//   - keeps what arrived (`received()`), and answers 201, or 410 for a subscription marked gone.
import { createCipheriv, createDecipheriv, createECDH, createHmac, createPublicKey, randomBytes, verify, type ECDH } from 'node:crypto';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { generate } from 'selfsigned';

export interface PushSubscriptionJson {
  endpoint: string;
  keys: { p256dh: string; auth: string };
}

export interface ReceivedPush {
  id: string;
  /** The decrypted payload (UTF-8). */
  payload: string;
  ttl: number;
  /** The VAPID public key (k=) the JWT was verified with. */
  vapidKey: string;
  claims: { aud: string; exp: number; sub: string };
  at: number;
}

export interface PushServer {
  /** `https://127.0.0.1:{port}` */
  url: string;
  /** The certificate the server presents (PEM): trust it to talk to the stand-in (PUSH_SERVICE_CA). */
  ca: string;
  /** A new browser subscription on this service (what PushSubscription.toJSON() gives a page). */
  subscribe(id?: string): PushSubscriptionJson;
  /** Registers a subscription made elsewhere; the stand-in then needs its private key to decrypt. */
  adopt(id: string, ecdh: ECDH, auth: Buffer): PushSubscriptionJson;
  /** From now on this subscription answers 410 Gone. */
  gone(id: string): void;
  received(id?: string): ReceivedPush[];
  waitFor(predicate: (push: ReceivedPush) => boolean, timeoutMs?: number): Promise<ReceivedPush>;
  reset(): void;
  close(): Promise<void>;
}

const b64u = (buf: Buffer) => buf.toString('base64url');
const unb64u = (value: string) => Buffer.from(value, 'base64url');
const hmac = (key: Buffer, data: Buffer) => createHmac('sha256', key).update(data).digest();

/** RFC 8291 §3.4 and RFC 8188: the one-record aes128gcm body → plaintext (throws on anything malformed). */
export function decryptAes128gcm(body: Buffer, ecdh: ECDH, authSecret: Buffer): Buffer {
  if (body.length < 21 + 65 + 17) throw new Error('body too short');
  const salt = body.subarray(0, 16);
  const recordSize = body.readUInt32BE(16);
  const idLength = body[20]!;
  const senderPublic = body.subarray(21, 21 + idLength);
  const ciphertext = body.subarray(21 + idLength);
  if (idLength !== 65 || senderPublic[0] !== 0x04) throw new Error('keyid is not an uncompressed P-256 key');
  if (ciphertext.length > recordSize) throw new Error('more than one record');
  const receiverPublic = ecdh.getPublicKey();
  const ecdhSecret = ecdh.computeSecret(senderPublic);
  const prkKey = hmac(authSecret, ecdhSecret);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic]);
  const ikm = hmac(prkKey, Buffer.concat([keyInfo, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);
  const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
  decipher.setAuthTag(ciphertext.subarray(ciphertext.length - 16));
  const padded = Buffer.concat([decipher.update(ciphertext.subarray(0, ciphertext.length - 16)), decipher.final()]);
  let end = padded.length - 1;
  while (end >= 0 && padded[end] === 0) end--;
  if (end < 0 || padded[end] !== 0x02) throw new Error('no last-record delimiter');
  return padded.subarray(0, end);
}

/** Verifies `vapid t=…, k=…` for an endpoint origin; answers the claims or throws with the reason. */
export function verifyVapid(header: string | undefined, origin: string, now = Date.now()): { key: string; claims: ReceivedPush['claims'] } {
  const match = /^vapid\s+(.+)$/i.exec(header ?? '');
  if (!match) throw Object.assign(new Error('missing vapid authorization'), { status: 401 });
  const params = new Map(match[1]!.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const token = params.get('t');
  const key = params.get('k');
  if (!token || !key) throw Object.assign(new Error('vapid t= and k= are required'), { status: 401 });
  const [h, p, s] = token.split('.');
  if (!h || !p || !s) throw Object.assign(new Error('malformed JWT'), { status: 401 });
  const head = JSON.parse(unb64u(h).toString('utf8')) as { alg?: string; typ?: string };
  if (head.alg !== 'ES256') throw Object.assign(new Error(`JWT alg ${head.alg}, expected ES256`), { status: 403 });
  const raw = unb64u(key);
  if (raw.length !== 65 || raw[0] !== 0x04) throw Object.assign(new Error('k is not an uncompressed P-256 key'), { status: 403 });
  const publicKey = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64u(raw.subarray(1, 33)), y: b64u(raw.subarray(33)) }, format: 'jwk' });
  const ok = verify('sha256', Buffer.from(`${h}.${p}`), { key: publicKey, dsaEncoding: 'ieee-p1363' }, unb64u(s));
  if (!ok) throw Object.assign(new Error('JWT signature does not verify with k'), { status: 403 });
  const claims = JSON.parse(unb64u(p).toString('utf8')) as ReceivedPush['claims'];
  if (claims.aud !== origin) throw Object.assign(new Error(`JWT aud ${claims.aud}, expected ${origin}`), { status: 403 });
  const seconds = Math.floor(now / 1000);
  if (typeof claims.exp !== 'number' || claims.exp <= seconds || claims.exp > seconds + 24 * 60 * 60) {
    throw Object.assign(new Error('JWT exp must be in the future and within 24 hours'), { status: 403 });
  }
  if (typeof claims.sub !== 'string' || !/^(mailto:|https:)/.test(claims.sub))
    throw Object.assign(new Error('JWT sub must be a mailto: or https: contact'), { status: 403 });
  return { key, claims };
}

/** What a browser does to a payload (for tests of the stand-in itself): RFC 8291 encryption, one record. */
export function encryptAes128gcm(plaintext: Buffer, subscription: PushSubscriptionJson): Buffer {
  const sender = createECDH('prime256v1');
  sender.generateKeys();
  const receiverPublic = unb64u(subscription.keys.p256dh);
  const authSecret = unb64u(subscription.keys.auth);
  const salt = randomBytes(16);
  const senderPublic = sender.getPublicKey();
  const prkKey = hmac(authSecret, sender.computeSecret(receiverPublic));
  const ikm = hmac(prkKey, Buffer.concat([Buffer.from('WebPush: info\0'), receiverPublic, senderPublic, Buffer.from([1])]));
  const prk = hmac(salt, ikm);
  const cek = hmac(prk, Buffer.from('Content-Encoding: aes128gcm\0\x01', 'binary')).subarray(0, 16);
  const nonce = hmac(prk, Buffer.from('Content-Encoding: nonce\0\x01', 'binary')).subarray(0, 12);
  const cipher = createCipheriv('aes-128-gcm', cek, nonce);
  const encrypted = Buffer.concat([cipher.update(Buffer.concat([plaintext, Buffer.from([2])])), cipher.final(), cipher.getAuthTag()]);
  const header = Buffer.alloc(21);
  salt.copy(header, 0);
  header.writeUInt32BE(4096, 16);
  header[20] = 65;
  return Buffer.concat([header, senderPublic, encrypted]);
}

export async function startPushServer(options: { port?: number; host?: string } = {}): Promise<PushServer> {
  const host = options.host ?? '127.0.0.1';
  const pems = await generate([{ name: 'commonName', value: host }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [
      {
        name: 'subjectAltName',
        altNames: [
          { type: 7, ip: host },
          { type: 2, value: 'localhost' },
        ],
      },
    ],
  });
  const subscriptions = new Map<string, { ecdh: ECDH; auth: Buffer }>();
  const goneIds = new Set<string>();
  let received: ReceivedPush[] = [];
  const waiters = new Set<{ predicate: (p: ReceivedPush) => boolean; resolve: (p: ReceivedPush) => void }>();
  let origin = '';

  const server = https.createServer({ key: pems.private, cert: pems.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = (status: number, text = '') => void res.writeHead(status, { 'content-type': 'text/plain' }).end(text);
      const match = /^\/push\/([A-Za-z0-9_-]+)$/.exec(req.url ?? '');
      if (req.method !== 'POST' || !match) return answer(404, 'not found');
      const id = match[1]!;
      const subscription = subscriptions.get(id);
      if (goneIds.has(id) || !subscription) return answer(goneIds.has(id) ? 410 : 404, 'subscription gone');
      let vapid: ReturnType<typeof verifyVapid>;
      try {
        vapid = verifyVapid(req.headers.authorization, origin);
      } catch (err) {
        return answer((err as { status?: number }).status ?? 403, (err as Error).message);
      }
      const ttl = Number(req.headers.ttl);
      if (!Number.isInteger(ttl) || ttl < 0) return answer(400, 'TTL header required');
      if (req.headers['content-encoding'] !== 'aes128gcm') return answer(415, 'Content-Encoding must be aes128gcm');
      let payload: string;
      try {
        payload = decryptAes128gcm(Buffer.concat(chunks), subscription.ecdh, subscription.auth).toString('utf8');
      } catch (err) {
        return answer(400, `payload does not decrypt: ${(err as Error).message}`);
      }
      const push: ReceivedPush = { id, payload, ttl, vapidKey: vapid.key, claims: vapid.claims, at: Date.now() };
      received.push(push);
      for (const w of [...waiters]) {
        if (w.predicate(push)) {
          waiters.delete(w);
          w.resolve(push);
        }
      }
      res.writeHead(201, { location: `${origin}/message/${received.length}` }).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, host, resolve));
  const { port } = server.address() as AddressInfo;
  origin = `https://${host}:${port}`;

  const adopt = (id: string, ecdh: ECDH, auth: Buffer): PushSubscriptionJson => {
    subscriptions.set(id, { ecdh, auth });
    return { endpoint: `${origin}/push/${id}`, keys: { p256dh: b64u(ecdh.getPublicKey()), auth: b64u(auth) } };
  };

  return {
    url: origin,
    ca: pems.cert,
    subscribe(id = b64u(randomBytes(12))) {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      return adopt(id, ecdh, randomBytes(16));
    },
    adopt,
    gone: (id) => void goneIds.add(id),
    received: (id) => (id ? received.filter((r) => r.id === id) : [...received]),
    waitFor(predicate, timeoutMs = 5000) {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve: (p: ReceivedPush) => (clearTimeout(timer), resolve(p)) };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`no push arrived within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    reset() {
      received = [];
      goneIds.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
