// The web widget's weight budget (API.md: ≤ 15 KB gzip), measured on the script as `vite build` and
// `npm run dev` write it (widget/build.ts), and what it must not carry (pusher-js, the app's code).
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildWidget, WIDGET_MAX_GZIP_BYTES } from '../../widget/build.js';

describe('public/widget.js', () => {
  it('is at most 15 KB gzip, one self-contained script', async () => {
    const code = await buildWidget({ write: false });
    const gzip = gzipSync(code, { level: 9 }).length;
    console.log(`widget.js: ${(code.length / 1024).toFixed(1)} KB minified, ${(gzip / 1024).toFixed(1)} KB gzip`);
    expect(code.length).toBeGreaterThan(2000);
    expect(gzip).toBeLessThanOrEqual(WIDGET_MAX_GZIP_BYTES);
    expect(code).not.toMatch(/\bimport\s*\(|\brequire\(/);
    expect(code).not.toContain('pusher-js');
    expect(code).toContain('pusher:subscribe');
    expect(code).toContain('attachShadow');
  });
});
