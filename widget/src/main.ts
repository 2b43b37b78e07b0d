// Switchboard's web chat widget (public/widget.js, built from this folder by widget/build.ts). A business adds
//   <script src="{APP_URL}/widget.js" data-key="{publicKey}" async></script>
// to its site. The script finds the app's origin from its own src, reads the web channel's settings, and draws a
// launcher and a chat panel inside a shadow root, so the host page's CSS cannot reach them and its scripts do not
// find them by querying the document. (A closed root would not keep out a host script, which can patch
// attachShadow before this one runs, and would hide the widget from accessibility checkers and browser tests.)
// The visitor token (localStorage) keeps the visitor and their history across reloads; the team's replies and
// "typing" arrive live on private-visitor-{conversationId} (pusher.ts). When nobody of the team is online, the
// panel offers an email + message form instead.
import { PusherLite, type RealtimeSettings } from './pusher';
import { CSS } from './style';

interface Config {
  name: string;
  greeting: string;
  color: string;
  online: boolean;
  realtime: RealtimeSettings;
}
interface Message {
  id: string;
  senderType: 'customer' | 'agent' | 'ai';
  content: string;
  attachments: { id: string; name: string; url: string }[];
  createdAt: string;
}

const script = (document.currentScript ?? document.querySelector('script[data-key][src*="widget.js"]')) as HTMLScriptElement | null;
const key = script?.dataset.key ?? '';
const api = script ? new URL(script.src).origin : '';
const storageKey = `switchboard-widget:${key}`;

function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  el.append(...children);
  return el;
}

// WCAG relative luminance and the darkest-needed shade of the brand colour that white text reads on at 4.5:1.
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}
export function readableOnWhiteText(color: string): string {
  let hex = /^#[0-9a-f]{6}$/i.test(color) ? color : '#2563eb';
  for (let i = 0; i < 20 && 1.05 / (luminance(hex) + 0.05) < 4.6; i++) {
    hex =
      '#' +
      [1, 3, 5]
        .map((j) =>
          Math.floor(parseInt(hex.slice(j, j + 2), 16) * 0.9)
            .toString(16)
            .padStart(2, '0'),
        )
        .join('');
  }
  return hex;
}

class Widget {
  private token = localStorage.getItem(storageKey);
  private conversationId: string | null = null;
  private seen = new Set<string>();
  private live: PusherLite | null = null;
  private typingTimer = 0;
  private poll = 0;
  private loaded = false;
  private readonly root: ShadowRoot;
  private readonly launcher: HTMLButtonElement;
  private readonly panel: HTMLDivElement;
  private readonly log: HTMLDivElement;
  private readonly typing: HTMLParagraphElement;
  private readonly status: HTMLParagraphElement;
  private readonly body: HTMLDivElement;

  constructor(
    host: HTMLElement,
    private readonly config: Config,
  ) {
    this.root = host.attachShadow({ mode: 'open' });
    const style = h('style');
    style.textContent = CSS.replace(/BRAND/g, readableOnWhiteText(config.color));
    this.launcher = h('button', {
      type: 'button',
      class: 'launcher',
      'aria-label': `Chat with ${config.name}`,
      'aria-expanded': 'false',
      'aria-controls': 'sb-panel',
    });
    this.launcher.innerHTML =
      '<svg viewBox="0 0 24 24" width="28" height="28" aria-hidden="true" focusable="false"><path fill="currentColor" d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
    this.log = h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': 'Messages', tabindex: '0' });
    this.typing = h('p', { class: 'typing', 'aria-live': 'polite' });
    this.status = h('p', { class: 'status', role: 'alert' });
    this.body = h('div', { class: 'body' });
    const close = h('button', { type: 'button', class: 'close', 'aria-label': 'Close chat' }, '×');
    const title = h('h2', { id: 'sb-title' }, config.name);
    const presence = h('p', { class: 'presence' }, config.online ? 'We’re online' : 'We’re away: leave a message');
    this.panel = h(
      'div',
      { id: 'sb-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'sb-title', hidden: '' },
      h('div', { class: 'head' }, h('div', {}, title, presence), close),
      this.body,
    );
    this.root.append(style, this.panel, this.launcher);
    this.launcher.addEventListener('click', () => (this.panel.hidden ? this.open() : this.close()));
    close.addEventListener('click', () => this.close());
    this.panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        this.close();
      }
    });
  }

  private async call<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const res = await fetch(`${api}/api/public/widget/${path}`, {
      method: init.method ?? 'GET',
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    const data = (await res.json().catch(() => null)) as (T & { error?: { message?: string } }) | null;
    if (res.status === 401 && this.token) {
      // The token expired or its channel was reconnected: start over as a new visitor.
      localStorage.removeItem(storageKey);
      this.token = null;
    }
    if (!res.ok) throw new Error(data?.error?.message ?? 'Something went wrong; try again');
    return data as T;
  }

  private async session(email?: string): Promise<void> {
    if (this.token) return;
    const { visitorToken } = await this.call<{ visitorToken: string }>(`${encodeURIComponent(key)}/sessions`, { method: 'POST', body: email ? { email } : {} });
    this.token = visitorToken;
    localStorage.setItem(storageKey, visitorToken);
  }

  private listen(conversationId: string | null): void {
    if (!conversationId) return;
    this.conversationId = conversationId;
    if (!this.config.realtime.enabled) {
      // No realtime on this deployment: look for replies every 10 s while the panel is open.
      this.poll ||= window.setInterval(() => void (!this.panel.hidden && this.history()), 10_000);
      return;
    }
    this.live ??= new PusherLite(
      this.config.realtime,
      async (socketId, channel) =>
        (await this.call<{ auth: string }>('realtime/auth', { method: 'POST', body: { socket_id: socketId, channel_name: channel } })).auth,
      (event, data) => this.onEvent(event, data),
      () => void this.history(),
    );
    this.live.listen(`private-visitor-${conversationId}`);
  }

  private onEvent(event: string, data: unknown): void {
    if (event === 'message.created') {
      const { message } = data as { message: Message };
      if (message.senderType !== 'customer') this.showTyping(false);
      this.add(message);
    } else if (event === 'typing') {
      this.showTyping(true);
    }
  }

  private showTyping(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.typing.textContent = on ? `${this.config.name} is typing…` : '';
    if (on) this.typingTimer = window.setTimeout(() => this.showTyping(false), 6000);
  }

  private add(message: Message): void {
    if (this.seen.has(message.id)) return;
    this.seen.add(message.id);
    const mine = message.senderType === 'customer';
    const who = mine ? 'You' : message.senderType === 'ai' ? `${this.config.name} (AI assistant)` : this.config.name;
    const text = h('p', {}, message.content);
    const item = h('div', { class: `msg ${mine ? 'me' : 'them'}` }, h('span', { class: 'who' }, `${who}:`), text);
    for (const file of message.attachments) {
      if (/^https?:/.test(file.url)) item.append(h('a', { href: file.url, target: '_blank', rel: 'noopener noreferrer' }, file.name));
    }
    this.log.append(item);
    this.log.scrollTop = this.log.scrollHeight;
  }

  private async history(): Promise<void> {
    if (!this.token) return;
    try {
      const { conversationId, data } = await this.call<{ conversationId: string | null; data: Message[] }>('messages');
      data.forEach((m) => this.add(m));
      this.listen(conversationId);
    } catch (err) {
      this.say((err as Error).message);
    }
  }

  private say(text: string): void {
    this.status.textContent = text;
  }

  private render(): void {
    this.body.replaceChildren();
    this.body.append(h('p', { class: 'greeting' }, this.config.greeting), this.log, this.typing, this.status);
    if (this.config.online || this.conversationId || this.seen.size > 0) this.body.append(this.composer());
    else this.body.append(this.offlineForm());
  }

  private composer(): HTMLFormElement {
    const input = h('textarea', { id: 'sb-message', rows: '2', maxlength: '4000', required: '' });
    const form = h(
      'form',
      { class: 'composer' },
      h('label', { for: 'sb-message', class: 'sr' }, 'Your message'),
      input,
      h('button', { type: 'submit', class: 'send' }, 'Send'),
    );
    input.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && !e.shiftKey) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const content = input.value.trim();
      if (!content) return;
      input.value = '';
      this.say('');
      void this.send('messages', { content }).catch((err: Error) => {
        input.value = content;
        this.say(err.message);
      });
    });
    return form;
  }

  private offlineForm(): HTMLFormElement {
    const email = h('input', { id: 'sb-email', type: 'email', autocomplete: 'email', required: '' });
    const message = h('textarea', { id: 'sb-offline', rows: '3', maxlength: '4000', required: '' });
    const form = h(
      'form',
      { class: 'offline' },
      h('p', {}, 'Nobody is online right now. Leave your email and message, and we’ll write back.'),
      h('label', { for: 'sb-email' }, 'Your email'),
      email,
      h('label', { for: 'sb-offline' }, 'Your message'),
      message,
      h('button', { type: 'submit', class: 'send' }, 'Send message'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.say('');
      void this.send('offline', { email: email.value.trim(), content: message.value.trim() })
        .then(() => {
          this.render();
          this.say(`Thanks! We’ll write to ${email.value.trim()}.`);
          this.focusFirst();
        })
        .catch((err: Error) => this.say(err.message));
    });
    return form;
  }

  private async send(path: 'messages' | 'offline', body: { content: string; email?: string }): Promise<void> {
    await this.session(body.email);
    const post = () => this.call<{ conversationId: string; message: Message }>(path, { method: 'POST', body });
    // A token refused (expired, or its channel reconnected) was dropped by call(): once more as a new visitor.
    const sent = await post().catch(async (err: Error) => {
      if (this.token) throw err;
      await this.session(body.email);
      return post();
    });
    this.add(sent.message);
    this.listen(sent.conversationId);
  }

  private focusFirst(): void {
    (this.body.querySelector('input, textarea') as HTMLElement | null)?.focus();
  }

  async open(): Promise<void> {
    this.panel.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.launcher.setAttribute('aria-label', 'Close chat');
    if (!this.loaded) {
      this.loaded = true;
      this.render();
      await this.history();
      if (this.seen.size > 0 && !this.body.querySelector('.composer')) this.render();
    }
    this.focusFirst();
  }

  close(): void {
    this.panel.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.setAttribute('aria-label', `Chat with ${this.config.name}`);
    this.launcher.focus();
  }
}

async function start(): Promise<void> {
  if (!key || !api) return console.error('[switchboard] widget.js needs data-key="…" on its script tag');
  const res = await fetch(`${api}/api/public/widget/${encodeURIComponent(key)}/config`);
  if (!res.ok) return console.error(`[switchboard] the chat widget is not available here (${res.status})`);
  const config = (await res.json()) as Config;
  const host = document.createElement('switchboard-chat');
  document.body.append(host);
  new Widget(host, config);
}

start().catch((err: unknown) => console.error('[switchboard] the chat widget could not start:', err));
