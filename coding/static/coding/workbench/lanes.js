// Lanes for coding stripes (pure): codings whose passages overlap on the page go side by side,
// each in the leftmost lane free at its top, the way MAXQDA and ATLAS.ti lay out their margins.

/**
 * Assign a lane to each item of `items` ({id, top, bottom}, in pixels on the page).
 * Returns {lanes: Map id -> lane index, count: number of lanes used}. Items are placed by
 * their top (then longest first); an item takes the lowest lane whose last item ended above
 * it (strictly: touching stripes would read as one).
 */
export function assignLanes(items) {
  const order = [...items].sort((a, b) => a.top - b.top || b.bottom - a.bottom || a.id - b.id);
  const ends = []; // bottom of the last item in each lane
  const lanes = new Map();
  for (const item of order) {
    let lane = ends.findIndex((end) => end < item.top);
    if (lane < 0) {
      lane = ends.length;
      ends.push(item.bottom);
    } else {
      ends[lane] = item.bottom;
    }
    lanes.set(item.id, lane);
  }
  return { lanes, count: ends.length };
}
