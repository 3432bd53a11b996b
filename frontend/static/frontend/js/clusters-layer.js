/* The markers of the view, updated in place: a new answer adds what is new, removes what is
 * gone and leaves the rest untouched, so a small pan does not redraw (or flicker) anything. */

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

export class ClustersLayer {
  constructor(map, makeMarker) {
    this.group = L.featureGroup().addTo(map);
    this.makeMarker = makeMarker;
    this.markers = new Map();
  }

  update(features) {
    const located = features.filter((f) => f.geometry);
    const byKey = new Map(located.map((f) => [featureKey(f), f]));
    const { add, remove } = diffKeys(new Set(this.markers.keys()), [...byKey.keys()]);
    for (const key of remove) {
      this.group.removeLayer(this.markers.get(key));
      this.markers.delete(key);
    }
    for (const key of add) {
      const marker = this.makeMarker(byKey.get(key));
      if (!marker) continue;
      this.markers.set(key, marker);
      this.group.addLayer(marker);
    }
    return { added: add.length, removed: remove.length };
  }
}
