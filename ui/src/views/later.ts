// Parts of a page just opened that cannot be in sight at its first paint (the rows of a tall
// chart below the window's height, a table under four charts): laid out once the page is
// painted, so that what the reader sees first is not held up by what they cannot see yet.
// The shell completes them after the first paint, or at once when a page is redrawn in place
// (the reader may be looking anywhere).

const pending = new WeakMap<Element, () => void>();

/** Has `fill` run on `el` once its page is painted. */
export function later(el: HTMLElement, fill: () => void): void {
  el.dataset.later = "";
  pending.set(el, fill);
}

/** Runs what was left for later in `root`. */
export function completeLater(root: HTMLElement): void {
  for (const el of root.querySelectorAll<HTMLElement>("[data-later]")) {
    delete el.dataset.later;
    pending.get(el)?.();
    pending.delete(el);
  }
}
