// A search hit's snippet as the server sends it: HTML-escaped text where `<mark>…</mark>` is the only markup.
// It is parsed into text and marked runs and rendered as React text, never as HTML.
const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'", '&#x27;': "'" };

const unescape = (text: string) => text.replace(/&(?:amp|lt|gt|quot|#39|#x27);/g, (entity) => ENTITIES[entity] ?? entity);

export interface SnippetSegment {
  text: string;
  marked: boolean;
}

/** Splits the snippet on `<mark>` and `</mark>`; any other tag-like text stays text (it was escaped anyway). */
export function parseSnippet(snippet: string): SnippetSegment[] {
  const segments: SnippetSegment[] = [];
  let marked = false;
  for (const part of snippet.split(/(<\/?mark>)/)) {
    if (part === '<mark>') marked = true;
    else if (part === '</mark>') marked = false;
    else if (part) segments.push({ text: unescape(part), marked });
  }
  return segments;
}

export function SearchSnippet({ snippet }: { snippet: string }) {
  return (
    <>
      {parseSnippet(snippet).map((segment, index) =>
        segment.marked ? (
          <mark key={index} className="rounded-sm bg-amber-200 px-px text-fg dark:bg-amber-700/70">
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
