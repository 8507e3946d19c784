import { useLayoutEffect, useState, type RefObject } from 'react';

/** True once the element has come near the viewport (charts fetch only when they may be seen). */
export function useInView(ref: RefObject<Element | null>, margin = '300px'): boolean {
  const [seen, setSeen] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || seen) return;
    // No getBoundingClientRect() shortcut for a card already on screen: read in the commit that
    // mounts the chart view, it forced a layout of the whole page there (25–30 ms of its longest
    // task in a profile). The observer answers after the browser's own layout, a frame later; the
    // chart view's loader has started the first charts' requests by then anyway.
    if (typeof IntersectionObserver === 'undefined') {
      setSeen(true);
      return;
    }
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
      },
      { rootMargin: margin },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref, margin, seen]);
  return seen;
}
