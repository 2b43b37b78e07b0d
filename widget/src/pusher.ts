// A minimal Pusher Channels client (protocol 7) over the browser's WebSocket, for the one private channel a
// visitor listens on: connect, subscribe with a signature from the widget's auth endpoint, answer pings, ping
// when the line goes quiet, and reconnect with backoff (re-subscribing). pusher-js would be four times the
// widget's whole budget.

export interface RealtimeSettings {
  enabled?: boolean;
  key: string;
  cluster: string;
  wsHost?: string;
  wsPort?: number;
  forceTLS: boolean;
}

type Authorize = (socketId: string, channel: string) => Promise<string>;
type OnEvent = (event: string, data: unknown) => void;

export class PusherLite {
  private ws: WebSocket | null = null;
  private socketId: string | null = null;
  private channel: string | null = null;
  private attempts = 0;
  private closed = false;
  private idle = 0;
  private pongWait = 0;
  private activityMs = 120_000;

  constructor(
    private readonly settings: RealtimeSettings,
    private readonly authorize: Authorize,
    private readonly onEvent: OnEvent,
    /** Called after a reconnect: events may have been missed while the line was down. */
    private readonly onResume: () => void,
  ) {}

  private url(): string {
    const { forceTLS, wsHost, wsPort, cluster, key } = this.settings;
    const host = wsHost ?? `ws-${cluster}.pusher.com`;
    const port = wsPort ?? (forceTLS ? 443 : 80);
    return `${forceTLS ? 'wss' : 'ws'}://${host}:${port}/app/${encodeURIComponent(key)}?protocol=7&client=js&version=8.0.0&flash=false`;
  }

  /** Listens on `channel` (one at a time), connecting first if needed. */
  listen(channel: string): void {
    if (this.channel === channel) return;
    if (this.channel && this.ws?.readyState === WebSocket.OPEN) this.send('pusher:unsubscribe', { channel: this.channel });
    this.channel = channel;
    if (!this.ws) this.connect();
    else if (this.socketId) void this.subscribe();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.idle);
    clearTimeout(this.pongWait);
    this.ws?.close();
  }

  private send(event: string, data: unknown): void {
    this.ws?.send(JSON.stringify({ event, data }));
  }

  private connect(): void {
    if (this.closed) return;
    const ws = new WebSocket(this.url());
    this.ws = ws;
    ws.onmessage = (e) => this.receive(String(e.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.socketId = null;
      clearTimeout(this.idle);
      clearTimeout(this.pongWait);
      if (this.closed) return;
      // 1 s, 2 s, 4 s … up to 30 s, with jitter so a server restart is not met by every widget at once.
      const wait = Math.min(30_000, 1000 * 2 ** this.attempts++) * (0.75 + Math.random() / 2);
      setTimeout(() => this.connect(), wait);
    };
  }

  private quiet(): void {
    clearTimeout(this.idle);
    clearTimeout(this.pongWait);
    this.idle = window.setTimeout(() => {
      this.send('pusher:ping', {});
      this.pongWait = window.setTimeout(() => this.ws?.close(), 30_000);
    }, this.activityMs);
  }

  private receive(raw: string): void {
    let frame: { event?: string; channel?: string; data?: unknown };
    try {
      frame = JSON.parse(raw) as typeof frame;
    } catch {
      return;
    }
    this.quiet();
    let data = frame.data;
    if (typeof data === 'string') {
      try {
        data = JSON.parse(data) as unknown;
      } catch {
        /* a plain string payload */
      }
    }
    switch (frame.event) {
      case 'pusher:connection_established': {
        const info = data as { socket_id: string; activity_timeout?: number };
        this.socketId = info.socket_id;
        if (info.activity_timeout) this.activityMs = Math.min(info.activity_timeout * 1000, 120_000);
        const resumed = this.attempts > 0;
        this.attempts = 0;
        void this.subscribe();
        if (resumed) this.onResume();
        return;
      }
      case 'pusher:ping':
        return this.send('pusher:pong', {});
      case 'pusher:pong':
      case 'pusher_internal:subscription_succeeded':
        return;
      case 'pusher:error': {
        // 4000-4099: the server will not take this connection again as it is; stop instead of hammering it.
        const code = (data as { code?: number } | null)?.code;
        if (code && code >= 4000 && code < 4100) this.closed = true;
        return;
      }
      default:
        if (frame.event && frame.channel === this.channel) this.onEvent(frame.event, data);
    }
  }

  private async subscribe(): Promise<void> {
    const { channel, socketId } = this;
    if (!channel || !socketId) return;
    try {
      const auth = await this.authorize(socketId, channel);
      if (this.socketId === socketId && this.channel === channel) this.send('pusher:subscribe', { channel, auth });
    } catch {
      // Not allowed (yet): the widget asks again when the conversation changes; a reconnect retries too.
    }
  }
}
