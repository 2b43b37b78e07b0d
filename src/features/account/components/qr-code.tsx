import { useEffect, useState } from 'react';
import { Spinner } from '@/components/spinner';

/** Draws `value` as an SVG QR code, in this browser: the secret inside never leaves it. */
async function qrSvgDataUrl(value: string): Promise<string> {
  // Loaded on first use only, so the QR encoder stays out of every other page's chunks.
  const loaded = await import('qrcode');
  // A CommonJS package: its exports arrive as the default export (named ones too, depending on the bundler).
  const qrcode = loaded.default ?? loaded;
  const svg = await qrcode.toString(value, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}

export function QrCode({ value, label, size = 176 }: { value: string; label: string; size?: number }) {
  const [drawn, setDrawn] = useState<{ value: string; src: string } | { value: string; failed: true } | null>(null);

  useEffect(() => {
    let current = true;
    qrSvgDataUrl(value).then(
      (src) => current && setDrawn({ value, src }),
      () => current && setDrawn({ value, failed: true }),
    );
    return () => {
      current = false;
    };
  }, [value]);

  const box = { width: size, height: size };
  if (!drawn || drawn.value !== value)
    return (
      <div style={box} className="flex items-center justify-center rounded-md border border-border bg-subtle">
        <Spinner label="Drawing the QR code" />
      </div>
    );
  if ('failed' in drawn)
    return (
      <div style={box} className="flex items-center justify-center rounded-md border border-border bg-subtle p-3 text-center text-xs text-muted">
        The QR code could not be drawn; enter the key by hand instead.
      </div>
    );
  return <img src={drawn.src} alt={label} {...box} className="rounded-md border border-border bg-white" />;
}
