// Talking to the study's REST API: JSON in and out, the CSRF token from the page, errors as
// exceptions carrying the server's `detail`.

import { cfg } from "./context.js";

const headers = document.body.getAttribute("hx-headers");
const csrf = headers ? JSON.parse(headers)["X-CSRFToken"] : "";

/** `method` `path` (relative to the study's API root) with a JSON `body`; the JSON answer. */
export async function api(method, path, body) {
  const response = await fetch(cfg.api + path, {
    method,
    headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
    body: body ? JSON.stringify(body) : undefined,
    credentials: "same-origin",
  });
  const data = response.status === 204 ? null : await response.json();
  if (!response.ok) throw new Error((data && data.detail) || `Error ${response.status}`);
  return data;
}
