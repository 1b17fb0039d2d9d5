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
const regions = [...document.querySelectorAll(".region")];
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
const hash = location.hash.match(/^#region-(\d+)$/);
focusRegion(hash ? Number(hash[1]) : regions.findIndex((r) => !r.classList.contains("decided")));
