// The web widget's demo page (/_dev/widget): a made-up shop's page that embeds the widget exactly as a business
// would, with one script tag, served from an origin of its own (port WIDGET_DEMO_PORT, default 3001, which the
// demo web channel lists in allowedOrigins: db/seed-channels.ts), so CORS works as it does on a real site.
// `npm run dev` starts it next to the app, and the app's /_dev/widget redirects here. The shop's own styles are
// deliberately loud (every element recoloured, every button restyled) to show that none of it reaches the widget.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface WidgetDemo {
  url: string;
  close(): Promise<void>;
}

const escapeHtml = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function demoPage(appUrl: string, publicKey: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Acme Coffee Roasters: a demo shop with the Switchboard chat widget</title>
<style>
  * { font-family: Georgia, serif !important; color: #5b3a1a; }
  body { margin: 0; background: #fdf6ec; }
  header, main { max-width: 760px; margin: 0 auto; padding: 24px; }
  button { background: hotpink; border: 4px dashed lime; font-size: 30px; }
  div { letter-spacing: 2px; }
  code { background: #f3e6d3; padding: 2px 4px; }
</style>
</head>
<body>
<header><h1>Acme Coffee Roasters</h1><p>Small-batch beans, roasted on Tuesdays.</p></header>
<main>
  <h2>This is a demo shop on another origin</h2>
  <p>It embeds the chat widget as any business would, with one tag:</p>
  <p><code>${escapeHtml(`<script src="${appUrl}/widget.js" data-key="${publicKey}" async></script>`)}</code></p>
  <p>Open the chat at the bottom right, write something, and answer it from the inbox at
    <a href="${escapeHtml(appUrl)}">${escapeHtml(appUrl)}</a> (signed in as a demo user). The shop's own loud styles
    (pink dashed buttons, serif everywhere) stay out of the widget.</p>
  <button type="button">A shop button</button>
</main>
<script src="${escapeHtml(appUrl)}/widget.js" data-key="${escapeHtml(publicKey)}" async></script>
</body>
</html>`;
}

export async function startWidgetDemo(options: { port: number; host?: string; appUrl: () => string; publicKey: string }): Promise<WidgetDemo> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path !== '/' && path !== '/_dev/widget') {
      res.writeHead(302, { location: '/_dev/widget' }).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    res.end(demoPage(options.appUrl(), options.publicKey));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
