/* The markers of the view, updated in place: a new answer adds what is new, removes what is
 * gone and leaves the rest untouched, so a small pan does not redraw (or flicker) anything. */

import { yieldToBrowser } from "./dom.js";

/* A marker's identity: an initiative's id, or a cluster's position and count (the server
 * anchors clusters to a grid, so an unchanged cluster comes back identical). */
export function featureKey(feature) {
  if (!feature.properties.cluster) return `i:${feature.id}`;
  const [lon, lat] = feature.geometry.coordinates;
  return `c:${lon},${lat}:${feature.properties.count}`;
}

/* Which keys to add and which to remove, going from `current` (a Set) to `next` (a list). */
export function diffKeys(current, next) {
  const wanted = new Set(next);
  return {
    add: [...wanted].filter((key) => !current.has(key)),
    remove: [...current].filter((key) => !wanted.has(key)),
  };
}

const countOf = (f) => (f.properties.cluster ? f.properties.count : 1);

function bboxOf(f) {
  if (f.properties.cluster) return f.properties.bbox;
  const [lon, lat] = f.geometry.coordinates;
  return [lon, lat, lon, lat];
}

/* Two markers overlap when their squares do: along x or y, their centres are closer than
 * half the sum of their sides. */
function overlap(a, b, sizeOf) {
  const reach = (sizeOf(a.count) + sizeOf(b.count)) / 2;
  return Math.abs(a.xy[0] - b.xy[0]) < reach && Math.abs(a.xy[1] - b.xy[1]) < reach;
}

function combine(a, b) {
  const count = a.count + b.count;
  const mean = (u, v) => (u * a.count + v * b.count) / count;
  return {
    members: [...a.members, ...b.members],
    count,
    xy: [mean(a.xy[0], b.xy[0]), mean(a.xy[1], b.xy[1])],
    lonLat: [mean(a.lonLat[0], b.lonLat[0]), mean(a.lonLat[1], b.lonLat[1])],
    bbox: [Math.min(a.bbox[0], b.bbox[0]), Math.min(a.bbox[1], b.bbox[1]),
      Math.max(a.bbox[2], b.bbox[2]), Math.max(a.bbox[3], b.bbox[3])],
  };
}

/* Markers that would overlap on screen drawn as one cluster standing for all of them: the
 * server's cells are a marker wide, but a cluster sits at its members' mean, not its cell's
 * centre, so neighbouring cells' clusters can cover each other (a target nobody can hit).
 * `point(feature)` gives its position in pixels at the current zoom (Leaflet's map.project:
 * independent of the pan, so merges do not change as the view moves); `sizeOf(count)` its
 * marker's side. Merging repeats until nothing overlaps. Pure. */
export function mergeCrowded(features, point, sizeOf) {
  const groups = features.map((f) => ({
    members: [f], count: countOf(f), xy: point(f), lonLat: f.geometry.coordinates, bbox: bboxOf(f),
  }));
  let merged = true;
  while (merged) {
    merged = false;
    for (let i = 0; i < groups.length; i++) {
      for (let j = i + 1; j < groups.length;) {
        if (overlap(groups[i], groups[j], sizeOf)) {
          groups[i] = combine(groups[i], groups.splice(j, 1)[0]);
          merged = true;
          j = i + 1; // it grew and moved: check the others again
        } else j++;
      }
    }
  }
  return groups.map((g) => (g.members.length === 1 ? g.members[0] : {
    type: "Feature",
    geometry: { type: "Point", coordinates: g.lonLat.map((v) => Math.round(v * 1e5) / 1e5) },
    properties: { cluster: true, count: g.count, bbox: g.bbox },
  }));
}

export class ClustersLayer {
  /* sizeOf(count): a marker's side in pixels; given, overlapping markers are merged. */
  constructor(map, makeMarker, { sizeOf = null } = {}) {
    this.map = map;
    this.group = L.featureGroup().addTo(map);
    this.makeMarker = makeMarker;
    this.sizeOf = sizeOf;
    this.markers = new Map();
  }

  /* The features as drawn at the map's zoom: overlapping ones merged. */
  drawn(features) {
    const located = features.filter((f) => f.geometry);
    if (!this.sizeOf) return located;
    const zoom = this.map.getZoom();
    const point = (f) => {
      const p = this.map.project([f.geometry.coordinates[1], f.geometry.coordinates[0]], zoom);
      return [p.x, p.y];
    };
    return mergeCrowded(located, point, this.sizeOf);
  }

  /* The difference to draw: markers to remove, and [key, feature] pairs to add. */
  plan(features) {
    const byKey = new Map(this.drawn(features).map((f) => [featureKey(f), f]));
    const { add, remove } = diffKeys(new Set(this.markers.keys()), [...byKey.keys()]);
    return { remove, add: add.map((key) => [key, byKey.get(key)]) };
  }

  remove(keys) {
    for (const key of keys) {
      this.group.removeLayer(this.markers.get(key));
      this.markers.delete(key);
    }
  }

  add(key, feature) {
    const marker = this.makeMarker(feature);
    if (!marker) return;
    this.markers.set(key, marker);
    this.group.addLayer(marker);
  }

  update(features) {
    const { add, remove } = this.plan(features);
    this.remove(remove);
    for (const [key, feature] of add) this.add(key, feature);
    return { added: add.length, removed: remove.length };
  }

  /* update() in slices of at most `slice` ms, yielding to the browser between them: a few
   * hundred new markers in one task would block input (and Lighthouse's TBT) for that long.
   * A newer draw() stops an older one; it then resolves to null. */
  async draw(features, { slice = 8 } = {}) {
    const generation = (this.generation = (this.generation || 0) + 1);
    const { add, remove } = this.plan(features);
    this.remove(remove);
    let start = performance.now();
    for (const [i, [key, feature]] of add.entries()) {
      if (i > 0 && performance.now() - start > slice) {
        await yieldToBrowser();
        if (generation !== this.generation) return null;
        start = performance.now();
      }
      this.add(key, feature);
    }
    return { added: add.length, removed: remove.length };
  }
}
