// Serves one PGlite over the Postgres wire protocol, so several processes (the local runtime, `vercel dev`'s
// function processes, psql) share a database that only one process may open.
//
// PGlite is a single backend, so clients take turns. A connection owns the backend from its first message
// until the backend answers ReadyForQuery with status Idle: a transaction, or an extended-protocol sequence
// (Parse … Sync) sent in several writes, is never interleaved with another client's messages. Named
// prepared statements live in the one backend, so each connection's names are prefixed with its id (two
// pools preparing "q1" do not collide) and are deallocated when it disconnects. A client that disconnects
// mid-transaction is rolled back. (@electric-sql/pglite-socket 0.2.17 queues per message and shares
// statement names, so a split Parse/Bind or two pools preparing one name break there; hence this module.)
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { PGlite } from '@electric-sql/pglite';

export interface PgliteServerOptions {
  /** 0 = ephemeral */
  port?: number;
  /** default 127.0.0.1 */
  host?: string;
  /** Warn when one connection holds the database this long while others wait (ms, default 10 s). */
  holdWarningMs?: number;
  log?: (message: string) => void;
}

export interface PgliteServer {
  host: string;
  port: number;
  /** A node-postgres connection string for this server. */
  url: string;
  /** Open client connections. */
  connections(): number;
  close(): Promise<void>;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I'
/** Messages after which the backend answers ReadyForQuery (or may, for copy): a batch ends there. */
const BATCH_END = new Set(['S', 'Q', 'F', 'c', 'f'].map((c) => c.charCodeAt(0)));
const SYNC = Buffer.from([0x53, 0, 0, 0, 4]);

function frame(type: string, body: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}
const cstring = (text: string) => Buffer.from(`${text}\0`, 'utf8');
const simpleQuery = (sql: string) => frame('Q', cstring(sql));

/** Where the NUL that ends the C string starting at `offset` is. */
function cstringEnd(buf: Buffer, offset: number): number {
  const end = buf.indexOf(0, offset);
  if (end < 0) throw new Error('malformed message: unterminated string');
  return end;
}

/** One owner at a time, first come first served. */
class Gate {
  private busy = false;
  private readonly waiters: Array<() => void> = [];
  private heldSince = 0;
  private warned = false;
  constructor(
    private readonly holdWarningMs: number,
    private readonly log: (message: string) => void,
  ) {}
  acquire(): Promise<void> {
    if (!this.busy) {
      this.take();
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.warned || this.warn(), this.holdWarningMs);
      timer.unref();
      this.waiters.push(() => {
        clearTimeout(timer);
        this.take();
        resolve();
      });
    });
  }
  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.busy = false;
  }
  private take(): void {
    this.busy = true;
    this.heldSince = Date.now();
    this.warned = false;
  }
  private warn(): void {
    this.warned = true;
    this.log(
      `[database] one connection has held the database for ${((Date.now() - this.heldSince) / 1000).toFixed(0)} s (an open transaction?) while ${this.waiters.length} wait. ` +
        'PGlite runs one statement at a time: a query on `db` inside `db.transaction(…)` waits for itself forever.',
    );
  }
}

let nextConnectionId = 1;

class Connection {
  readonly id = nextConnectionId++;
  private input: Buffer = Buffer.alloc(0);
  private started = false;
  private readonly frames: Buffer[] = [];
  private owning = false;
  private pumping = false;
  private closed = false;
  private readonly statements = new Set<string>();

  constructor(
    private readonly socket: Socket,
    private readonly db: PGlite,
    private readonly gate: Gate,
    private readonly greeting: Buffer,
    private readonly onGone: (c: Connection) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.receive(data));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.closed = true;
      this.frames.length = 0;
      void this.pump();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private receive(data: Buffer): void {
    this.input = this.input.length ? Buffer.concat([this.input, data]) : data;
    for (;;) {
      if (!this.started) {
        if (this.input.length < 8) break;
        const length = this.input.readInt32BE(0);
        if (this.input.length < length) break;
        const code = this.input.readInt32BE(4);
        this.input = this.input.subarray(length);
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          this.socket.write('N'); // no encryption on loopback; the client goes on in plain text
        } else if (code === CANCEL_REQUEST) {
          this.socket.end(); // one backend, nothing to signal
          return;
        } else if (code === PROTOCOL_3) {
          // Answered without taking a turn, so connecting never waits for another client's transaction.
          this.started = true;
          this.socket.write(this.greeting);
        } else {
          this.socket.destroy();
          return;
        }
        continue;
      }
      if (this.input.length < 5) break;
      const length = 1 + this.input.readInt32BE(1);
      if (this.input.length < length) break;
      const message = Buffer.from(this.input.subarray(0, length));
      this.input = this.input.subarray(length);
      if (message[0] === 0x58 /* X: terminate */) {
        this.socket.end();
        return;
      }
      this.frames.push(message);
    }
    void this.pump();
  }

  /** Runs queued messages in batches ending at Sync/Query, holding the backend until it is idle. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.frames.length > 0 && !this.closed) {
        if (!this.owning) {
          await this.gate.acquire();
          this.owning = true;
          if (this.closed) break;
        }
        const batch: Buffer[] = [];
        while (this.frames.length > 0) {
          const message = this.rename(this.frames.shift()!);
          batch.push(message);
          if (BATCH_END.has(message[0]!)) break;
        }
        const { output, status } = await this.execute(Buffer.concat(batch));
        if (output.length && !this.socket.destroyed) this.socket.write(output);
        if (status === IDLE) this.releaseGate();
      }
      if (this.closed) await this.cleanUp();
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      const body = Buffer.concat([cstring('SFATAL'), cstring('VFATAL'), cstring('C08P01'), cstring(`M${message}`), Buffer.from([0])]);
      if (!this.socket.destroyed) this.socket.end(frame('E', body));
      this.closed = true;
      this.frames.length = 0;
      await this.cleanUp().catch(() => {});
    } finally {
      this.pumping = false;
    }
  }

  private releaseGate(): void {
    if (!this.owning) return;
    this.owning = false;
    this.gate.release();
  }

  /** Runs wire messages on the backend; returns its answer and the status of its last ReadyForQuery. */
  private async execute(messages: Buffer): Promise<{ output: Buffer; status: number | null }> {
    const chunks: Buffer[] = [];
    await this.db.runExclusive(() =>
      this.db.execProtocolRawStream(new Uint8Array(messages.buffer, messages.byteOffset, messages.length), {
        onRawData: (data) => void chunks.push(Buffer.from(data)),
      }),
    );
    const output = Buffer.concat(chunks);
    return { output, status: lastReadyStatus(output) };
  }

  /** Prefixes named prepared statements with this connection's id (Parse, Bind, Describe, Close). */
  private rename(message: Buffer): Buffer {
    const type = String.fromCharCode(message[0]!);
    const own = (name: string) => `c${this.id}_${name}`;
    if (type === 'P' || type === 'B') {
      let offset = 5;
      if (type === 'B') offset = cstringEnd(message, offset) + 1; // skip the portal name
      const end = cstringEnd(message, offset);
      const name = message.toString('utf8', offset, end);
      if (!name) return message;
      if (type === 'P') this.statements.add(own(name));
      return frame(type, Buffer.concat([message.subarray(5, offset), cstring(own(name)), message.subarray(end + 1)]));
    }
    if ((type === 'D' || type === 'C') && message[5] === 0x53 /* 'S' */) {
      const end = cstringEnd(message, 6);
      const name = message.toString('utf8', 6, end);
      if (!name) return message;
      if (type === 'C') this.statements.delete(own(name));
      return frame(type, Buffer.concat([Buffer.from('S'), cstring(own(name)), message.subarray(end + 1)]));
    }
    return message;
  }

  /** After a disconnect: finish an unfinished sequence, roll back an open transaction, drop statements. */
  private async cleanUp(): Promise<void> {
    if (!this.owning && this.statements.size === 0) return this.onGone(this);
    if (!this.owning) {
      await this.gate.acquire();
      this.owning = true;
    }
    try {
      let { status } = await this.execute(SYNC);
      if (status !== IDLE) ({ status } = await this.execute(simpleQuery('ROLLBACK')));
      if (this.statements.size > 0) {
        await this.execute(simpleQuery([...this.statements].map((name) => `DEALLOCATE "${name.replace(/"/g, '""')}"`).join('; ')));
        this.statements.clear();
      }
    } finally {
      this.releaseGate();
      this.onGone(this);
    }
  }
}

/** The status byte of the last message when it is ReadyForQuery, else null (walks the length-prefixed messages). */
function lastReadyStatus(output: Buffer): number | null {
  let offset = 0;
  let status: number | null = null;
  while (offset + 5 <= output.length) {
    const type = output[offset]!;
    const length = output.readInt32BE(offset + 1);
    status = type === READY_FOR_QUERY && length === 5 && offset + 5 < output.length ? output[offset + 5]! : null;
    offset += 1 + length;
  }
  return status;
}

/**
 * The backend's answer to a start-up message (AuthenticationOk, ParameterStatus…, BackendKeyData,
 * ReadyForQuery), asked once and replayed to every client: there is one backend session, whatever the
 * client names as user and database.
 */
async function startupReply(db: PGlite): Promise<Buffer> {
  const params = Buffer.concat([cstring('user'), cstring('postgres'), cstring('database'), cstring('postgres'), Buffer.from([0])]);
  const packet = Buffer.alloc(8 + params.length);
  packet.writeInt32BE(packet.length, 0);
  packet.writeInt32BE(PROTOCOL_3, 4);
  params.copy(packet, 8);
  const chunks: Buffer[] = [];
  await db.runExclusive(() => db.execProtocolRawStream(new Uint8Array(packet), { onRawData: (data) => void chunks.push(Buffer.from(data)) }));
  const reply = Buffer.concat(chunks);
  if (lastReadyStatus(reply) !== IDLE) throw new Error('PGlite did not answer the start-up message');
  return reply;
}

export async function servePglite(db: PGlite, options: PgliteServerOptions = {}): Promise<PgliteServer> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((message: string) => console.warn(message));
  const gate = new Gate(options.holdWarningMs ?? 10_000, log);
  const open = new Set<Connection>();
  await db.waitReady;
  const greeting = await startupReply(db);
  const server: Server = createServer((socket) => {
    open.add(new Connection(socket, db, gate, greeting, (c) => open.delete(c)));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    host,
    port,
    url: `postgres://postgres:postgres@${host}:${port}/postgres`,
    connections: () => open.size,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of open) connection.destroy();
      await closed;
      // Let the disconnected clients' clean-up (rollback, deallocate) finish before the caller closes PGlite.
      for (let i = 0; i < 100 && open.size > 0; i++) await new Promise((r) => setTimeout(r, 10));
    },
  };
}
