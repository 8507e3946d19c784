import { useLayoutEffect, useState, type RefObject } from 'react';

/** True once the element has come near the viewport (charts fetch only when they may be seen). */
export function useInView(ref: RefObject<Element | null>, margin = '300px'): boolean {
  const [seen, setSeen] = useState(false);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element || seen) return;
    // Already on screen: no need to wait a frame for the observer.
    const rect = element.getBoundingClientRect();
    if (rect.top < window.innerHeight + 300 && rect.bottom > -300) {
      setSeen(true);
      return;
    }
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
