// A table wider than its box scrolls sideways; then keyboard users must be able to reach and
// scroll it (WCAG 2.1.1), so the box becomes a named, focusable region — only while it scrolls.
import type { Action } from 'svelte/action';

export const scrollRegion: Action<HTMLElement, string> = (node, label) => {
  let name = label;
  const update = (): void => {
    if (node.scrollWidth > node.clientWidth + 1) {
      node.tabIndex = 0;
      node.setAttribute('role', 'region');
      node.setAttribute('aria-label', name);
    } else {
      node.removeAttribute('tabindex');
      node.removeAttribute('role');
      node.removeAttribute('aria-label');
    }
  };
  const observer = new ResizeObserver(update);
  observer.observe(node);
  for (const child of Array.from(node.children)) observer.observe(child);
  update();
  return {
    update(next: string) {
      name = next;
      update();
    },
    destroy() {
      observer.disconnect();
    },
  };
};
