// The search page: the count of ticked hits beside the "code" button, tick all / untick all.
const form = document.getElementById("code-hits");
const count = document.getElementById("ticked-count");

if (form && count) {
  const boxes = [...form.querySelectorAll("input[name=hit]")];
  const button = document.getElementById("code-ticked");
  const update = () => {
    const ticked = boxes.filter((box) => box.checked).length;
    count.textContent = `${ticked} of ${boxes.length} ticked`;
    button.disabled = ticked === 0;
  };
  const tickAll = (value) => () => {
    for (const box of boxes) box.checked = value;
    update();
  };
  form.addEventListener("change", update);
  document.getElementById("tick-all").addEventListener("click", tickAll(true));
  document.getElementById("tick-none").addEventListener("click", tickAll(false));
  update();
}
