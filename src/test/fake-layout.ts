// A layout for jsdom, which lays nothing out, so the virtualised lists (@tanstack/react-virtual) can be tested
// at scale: every element is `viewport` px tall on screen, a row (an element with data-index) is `rowHeight`
// px, a scroller's content is as tall as its list's padding and rows say, scrolling (scrollTo, or setting
// scrollTop) moves within that height and fires `scroll` as a browser does, and a ResizeObserver reports an
// element's size once it is observed (the virtualiser measures rows drawn while scrolling that way).
const scrollTops = new WeakMap<Element, number>();

interface FakeLayout {
  viewport: number;
  rowHeight: number;
  /** The space between rows (a list's space-y-*). */
  gap?: number;
  /** Fixed content above the list inside the scroller (a header strip). */
  before?: number;
}

function contentHeight(scroller: HTMLElement, { viewport, rowHeight, gap = 0, before = 0 }: FakeLayout): number {
  const list = scroller.querySelector<HTMLElement>('ul[style], ol[style]');
  if (!list) return viewport;
  const rows = list.querySelectorAll(':scope > [data-index]').length;
  const padding = (parseFloat(list.style.paddingTop) || 0) + (parseFloat(list.style.paddingBottom) || 0);
  return before + padding + rows * rowHeight + Math.max(rows - 1, 0) * gap;
}

class FakeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    setTimeout(() => {
      if (!target.isConnected) return;
      const blockSize = (target as HTMLElement).offsetHeight || (target as HTMLElement).clientHeight;
      const size = [{ blockSize, inlineSize: 0 }];
      const entry = { target, borderBoxSize: size, contentBoxSize: size, devicePixelContentBoxSize: size, contentRect: { height: blockSize, width: 0 } };
      this.callback([entry as unknown as ResizeObserverEntry], this as unknown as ResizeObserver);
    }, 0);
  }
  unobserve() {}
  disconnect() {}
}

/** Installs the layout; returns the undo. */
export function fakeLayout(layout: FakeLayout): () => void {
  const proto = HTMLElement.prototype;
  const names = ['clientHeight', 'offsetHeight', 'scrollHeight', 'scrollTop'] as const;
  const originals = names.map(
    (name) => [name, Object.getOwnPropertyDescriptor(proto, name) ?? Object.getOwnPropertyDescriptor(Element.prototype, name)] as const,
  );
  const originalScrollTo = proto.scrollTo;
  const originalResizeObserver = globalThis.ResizeObserver;
  globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
  const maxTop = (el: HTMLElement) => Math.max(0, contentHeight(el, layout) - layout.viewport);
  const setTop = (el: HTMLElement, top: number) => {
    const next = Math.round(Math.min(Math.max(0, top), maxTop(el)));
    if (next === (scrollTops.get(el) ?? 0)) return;
    scrollTops.set(el, next);
    setTimeout(() => el.dispatchEvent(new Event('scroll')), 0);
  };
  Object.defineProperty(proto, 'clientHeight', { configurable: true, get: () => layout.viewport });
  Object.defineProperty(proto, 'offsetHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return this.hasAttribute('data-index') ? layout.rowHeight : 0;
    },
  });
  Object.defineProperty(proto, 'scrollHeight', {
    configurable: true,
    get(this: HTMLElement) {
      return contentHeight(this, layout);
    },
  });
  Object.defineProperty(proto, 'scrollTop', {
    configurable: true,
    get(this: HTMLElement) {
      return scrollTops.get(this) ?? 0;
    },
    set(this: HTMLElement, top: number) {
      setTop(this, top);
    },
  });
  proto.scrollTo = function (this: HTMLElement, options?: ScrollToOptions | number, y?: number) {
    setTop(this, typeof options === 'number' ? (y ?? 0) : (options?.top ?? this.scrollTop));
  } as typeof proto.scrollTo;
  return () => {
    for (const [name, descriptor] of originals) {
      if (descriptor) Object.defineProperty(proto, name, descriptor);
      else delete (proto as unknown as Record<string, unknown>)[name];
    }
    proto.scrollTo = originalScrollTo;
    globalThis.ResizeObserver = originalResizeObserver;
  };
}
