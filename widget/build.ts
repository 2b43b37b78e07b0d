// Builds the web widget (widget/src) into public/widget.js: one minified IIFE for browsers of the last few years,
// with nothing from npm in it. `vite build` and `npm run dev` run it through widgetPlugin() (vite.config.ts), so
// the file exists wherever the app is served from a checkout; it is not committed (.gitignore).
import { build } from 'esbuild';
import path from 'node:path';
import type { Plugin } from 'vite';

const root = path.resolve(import.meta.dirname, '..');
export const WIDGET_ENTRY = path.join(root, 'widget/src/main.ts');
export const WIDGET_OUTPUT = path.join(root, 'public/widget.js');
/** The budget (API.md): the widget's gzip size. */
export const WIDGET_MAX_GZIP_BYTES = 15 * 1024;

/** Builds the widget; with `write: false` answers the code without touching public/. */
export async function buildWidget(options: { write?: boolean; outfile?: string } = {}): Promise<string> {
  const result = await build({
    entryPoints: [WIDGET_ENTRY],
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome90', 'firefox90', 'safari14'],
    legalComments: 'none',
    outfile: options.outfile ?? WIDGET_OUTPUT,
    write: options.write ?? true,
    logLevel: 'silent',
  });
  return result.outputFiles?.[0]?.text ?? '';
}

/** Builds public/widget.js before Vite serves or copies public/, and again when its source changes in development. */
export function widgetPlugin(): Plugin {
  return {
    name: 'switchboard-widget',
    async configResolved() {
      await buildWidget();
    },
    configureServer(server) {
      server.watcher.add(path.join(root, 'widget/src'));
      server.watcher.on('change', (file) => {
        if (file.startsWith(path.join(root, 'widget/src'))) buildWidget().catch((err: unknown) => console.error('[widget] build failed:', err));
      });
    },
  };
}
