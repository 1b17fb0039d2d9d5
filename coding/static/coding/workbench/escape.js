// The one HTML-escaping helper of the workbench: every value drawn into markup (text or an
// attribute in double or single quotes) goes through it. Pure: safe to import in Node.

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

export function escapeHtml(value) {
  return String(value).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}
