// The recording beside the transcript: play from a turn (its ▶ button), highlight the turn
// playing, keys P (play/pause) and < / > (5 s back/forward). Turn times come from the page's
// JSON (timed turns of a VTT/SRT import); nothing else of the workbench is touched.

import { startTapAlong } from "./tapalong.js";

const SKIP = 5;

export function turnAt(turns, seconds) {
  // turns: [[index, start, end], ...] in time order; the last turn starting at or before
  // `seconds` whose end is after it, or null.
  let low = 0;
  let high = turns.length - 1;
  let found = -1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (turns[mid][1] <= seconds) {
      found = mid;
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return found >= 0 && seconds < turns[found][2] ? turns[found][0] : null;
}

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable ||
    ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}

function start() {
  const config = JSON.parse(document.getElementById("player-config").textContent);
  const media = document.getElementById("player-media");
  const follow = document.getElementById("player-follow");
  const turns = [...config.turns].sort((a, b) => a[1] - b[1]);
  let playing = null;

  for (const [index, begin] of turns) {
    const speaker = document.querySelector(`#turn-${index} .speaker`);
    if (!speaker) continue;
    const button = document.createElement("button");
    button.type = "button";
    button.className = "play-turn link";
    button.textContent = "▶";
    button.title = "Play from this turn";
    button.setAttribute("aria-label", `Play from turn ${index}`);
    button.addEventListener("click", () => {
      media.currentTime = begin;
      media.play();
    });
    speaker.prepend(button);
  }

  media.addEventListener("timeupdate", () => {
    const index = turnAt(turns, media.currentTime);
    if (index === playing) return;
    document.getElementById(`turn-${playing}`)?.classList.remove("playing");
    playing = index;
    const element = index === null ? null : document.getElementById(`turn-${index}`);
    element?.classList.add("playing");
    if (element && follow.checked && !media.paused) {
      element.scrollIntoView({ block: "nearest", behavior: "smooth" });
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    if (event.key === "P") {
      if (media.paused) media.play(); else media.pause();
    } else if (event.key === "<" || event.key === ">") {
      const shift = event.key === "<" ? -SKIP : SKIP;
      media.currentTime = Math.max(0, media.currentTime + shift);
    } else {
      return;
    }
    event.preventDefault();
  });

  startTapAlong(config, media);
}

if (typeof document !== "undefined" && document.getElementById("player-config")) start();
