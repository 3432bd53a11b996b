/* Choosing a territory in the panel's Territoire menu fits the map to it: the box of its
 * towns' centres, from /api/v1/territories/ (read once, on the first choice). The search box
 * fits the same boxes (/api/v1/suggest/ gives them with its places). */

import { getJSON } from "./api.js";

/* The one territory the state names, as the territories API names its kind; null when
 * none or several. Pure. */
export function chosenTerritory(state) {
  const regions = state.region || [];
  const departments = state.department || [];
  if (regions.length + departments.length !== 1) return null;
  return regions.length ? { kind: "region", code: regions[0] } : { kind: "departement", code: departments[0] };
}

/* The box ([[south, west], [north, east]]) of `territory` among the API's rows. Pure. */
export function territoryBounds(rows, territory) {
  const row = territory && rows.find((r) => r.kind === territory.kind && r.code === territory.code);
  if (!row || !row.bbox) return null;
  const [w, s, e, n] = row.bbox;
  return [[s, w], [n, e]];
}

export function createTerritoryFit({ map, territoriesUrl }) {
  let rows = null;
  return async function fit(state) {
    const territory = chosenTerritory(state);
    if (!territory) return;
    try {
      rows = rows || (await getJSON(territoriesUrl));
    } catch {
      return; // the map stays where it is
    }
    const bounds = territoryBounds(rows, territory);
    if (bounds && chosenTerritory(state)?.code === territory.code) map.fitBounds(bounds, { padding: [20, 20] });
  };
}
