// Tap along: an untimed transcript gets its turn times from the recording. Each press of t
// marks the start of the next turn (in order) at the player's position; a turn ends where the
// next begins, the last at the end of the recording. Saving sends them to the API.

export function tappedTimes(order, taps, duration) {
  // order: every turn index in text order; taps: start seconds of the first taps.length turns.
  return taps.map((start, i) => [order[i], start, i + 1 < taps.length ? taps[i + 1] : duration]);
}

export function startTapAlong(config, media) {
  const button = document.getElementById("tap-start");
  const save = document.getElementById("tap-save");
  const status = document.getElementById("tap-status");
  if (!button) return;
  const headers = document.body.getAttribute("hx-headers");
  const csrf = headers ? JSON.parse(headers)["X-CSRFToken"] : "";
  let taps = null;

  button.addEventListener("click", () => {
    taps = [];
    document.querySelectorAll(".turn.tapped").forEach((t) => t.classList.remove("tapped"));
    status.textContent = `0 of ${config.order.length} turns: press t as each turn begins.`;
    media.currentTime = 0;
    media.play();
  });

  document.addEventListener("keydown", (event) => {
    if (taps === null || event.key !== "t" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName)) return;
    if (taps.length >= config.order.length) return;
    if (taps.length && media.currentTime <= taps[taps.length - 1]) return; // never backwards
    event.preventDefault();
    taps.push(media.currentTime);
    const turn = document.getElementById(`turn-${config.order[taps.length - 1]}`);
    turn?.classList.add("tapped");
    turn?.scrollIntoView({ block: "nearest" });
    status.textContent = `${taps.length} of ${config.order.length} turns tapped.`;
    save.hidden = false;
  });

  save.addEventListener("click", async () => {
    const duration = Number.isFinite(media.duration) ? media.duration : media.currentTime;
    const times = tappedTimes(config.order, taps, Math.max(duration, taps[taps.length - 1] + 0.1));
    const response = await fetch(config.timesApi, {
      method: "PUT",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ times }),
      credentials: "same-origin",
    });
    const data = await response.json();
    status.textContent = response.ok
      ? `${data.timed} turns timed; reloading.`
      : `Not saved: ${data.detail}`;
    if (response.ok) window.location.reload();
  });
}
