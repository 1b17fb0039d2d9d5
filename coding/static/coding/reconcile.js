// Keyboard-driven reconciliation: j/k move between disagreements, 1-9 accept a coder's
// version, a accepts all, x none, r focuses the reason field. The buttons do the same.
// (Handlers live here, not in the markup: the Content Security Policy refuses inline ones.)
for (const select of document.querySelectorAll("select[data-submit-on-change]")) {
  select.addEventListener("change", () => select.form.submit());
}
// An "Accept <coder>" button says whose version it accepts through the form's coder field.
document.addEventListener("click", (event) => {
  const button = event.target.closest("button[data-coder]");
  if (button) button.form.coder.value = button.dataset.coder;
});
// Keys walk the disagreements; agreed regions (folded away below them) are opened by hand.
const regions = [...document.querySelectorAll("#regions .region")];
const current = () => regions.indexOf(document.activeElement.closest(".region"));
function focusRegion(index) {
  const region = regions[Math.max(0, Math.min(regions.length - 1, index))];
  if (region) { region.focus(); region.scrollIntoView({ block: "center" }); }
}
document.addEventListener("keydown", (event) => {
  if (event.target.tagName === "INPUT" || event.ctrlKey || event.metaKey || event.altKey) {
    if (event.key === "Escape") event.target.closest(".region")?.focus();
    return;
  }
  const index = current();
  if (event.key === "j" || event.key === "k") {
    event.preventDefault();
    focusRegion(index < 0 ? 0 : index + (event.key === "j" ? 1 : -1));
    return;
  }
  if (index < 0) return;
  const region = regions[index];
  if (event.key === "r") { event.preventDefault(); region.querySelector("input[name=reason]").focus(); return; }
  const button = region.querySelector(`button[data-key="${event.key}"]`);
  if (button) { event.preventDefault(); button.click(); }
});
// Editing the consensus by selecting words in the region's passage: the selection becomes
// the edit form's offsets, in code points (as the server counts) from the region's start.
const codePoints = (text) => [...text].length;
document.addEventListener("mouseup", () => {
  const selection = document.getSelection();
  if (!selection || selection.isCollapsed) return;
  const range = selection.getRangeAt(0);
  const node = range.commonAncestorContainer;
  const passage = (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(".region-text");
  if (!passage) return;
  const before = document.createRange();
  before.setStart(passage, 0);
  before.setEnd(range.startContainer, range.startOffset);
  const start = Number(passage.dataset.start) + codePoints(before.toString());
  const form = passage.closest(".region").querySelector("details.edit form");
  form.edit_start.value = start;
  form.edit_end.value = start + codePoints(range.toString());
  form.querySelector(".edit-quote").textContent = `“${range.toString()}”`;
  form.closest("details").open = true;
});
const agreed = location.hash.match(/^#agreed-(\d+)$/);
if (agreed) {
  const region = document.getElementById(`agreed-${agreed[1]}`) || document.getElementById(`agreed-${Number(agreed[1]) - 1}`);
  if (region) { region.closest("details").open = true; region.focus(); region.scrollIntoView({ block: "center" }); }
} else {
  const hash = location.hash.match(/^#region-(\d+)$/);
  focusRegion(hash ? Number(hash[1]) : regions.findIndex((r) => !r.classList.contains("decided")));
}
