// Links in text people wrote (messages): http(s) addresses become links that open in a new tab, without the
// page's referrer or any opener; everything else stays text (React escapes it). Other schemes (javascript:,
// data:, mailto:) are never made links.
import type { ReactNode } from 'react';

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"'`]+/gi;
// Punctuation that ends a sentence rather than the address ("see https://x.test/a." → without the dot).
const TRAILING = /[.,;:!?'"]+$/;

/** Splits `text` into strings and the http(s) URLs in it, as the link text and its href. */
export function splitLinks(text: string): (string | { href: string })[] {
  const parts: (string | { href: string })[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    let href = match[0].replace(TRAILING, '');
    // A closing parenthesis belongs to the address only when it opened one ("(see https://x.test/a)").
    while (href.endsWith(')') && (href.match(/\(/g)?.length ?? 0) < (href.match(/\)/g)?.length ?? 0)) href = href.slice(0, -1).replace(TRAILING, '');
    const start = match.index;
    if (start > last) parts.push(text.slice(last, start));
    parts.push({ href });
    last = start + href.length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

/** `text` with its http(s) addresses as links. */
export function LinkifiedText({ text }: { text: string }): ReactNode {
  return splitLinks(text).map((part, i) =>
    typeof part === 'string' ? (
      part
    ) : (
      <a key={i} href={part.href} target="_blank" rel="noopener noreferrer nofollow" className="break-all underline underline-offset-2 hover:no-underline">
        {part.href}
      </a>
    ),
  );
}
