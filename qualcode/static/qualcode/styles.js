// Inline styles under a Content Security Policy without 'unsafe-inline': the policy refuses
// style="..." in markup, but not styles set through the CSSOM. So markup (templates and the
// HTML our scripts build) carries them as data-style="...", and applyStyles sets them.

/** Apply the data-style of `root` and of every element inside it. */
export function applyStyles(root) {
  if (root.dataset?.style !== undefined) root.style.cssText = root.dataset.style;
  for (const el of root.querySelectorAll("[data-style]")) el.style.cssText = el.dataset.style;
}
