// The status message at the bottom of the page, with at most one action (e.g. Undo).

import { $ } from "./context.js";
import { escapeHtml } from "./escape.js";

let timer;

/** Show `message` for a few seconds; `action` {label, run} adds a button and a longer wait. */
export function toast(message, action) {
  const el = $("#wb-toast");
  el.innerHTML =
    escapeHtml(message) +
    (action ? ` <button type="button" class="link" id="toast-action">${escapeHtml(action.label)}</button>` : "");
  el.hidden = false;
  if (action) {
    $("#toast-action").onclick = () => {
      el.hidden = true;
      action.run();
    };
  }
  clearTimeout(timer);
  timer = setTimeout(() => (el.hidden = true), action ? 8000 : 3000);
}
