/* The import report's first rows on a small map: one dot per row, coloured by what the import
 * does with it, named by a tooltip built from text nodes (source text is never HTML). */

const COLOURS = {
  created: "#1a7f37",
  updated: "#0a58ca",
  unchanged: "#6c757d",
  invalid: "#b02a37",
  duplicate: "#b35c00",
};

export function showReportRows(map, rows) {
  const layer = L.featureGroup().addTo(map);
  for (const row of rows) {
    const colour = COLOURS[row.status] || "#555555";
    const marker = L.circleMarker([row.lat, row.lon], { radius: 7, color: colour, fillColor: colour, fillOpacity: 0.7 });
    const tooltip = document.createElement("span");
    tooltip.textContent = `${row.where} · ${row.label} · ${row.name || "—"}`;
    marker.bindTooltip(tooltip);
    layer.addLayer(marker);
  }
  if (rows.length) map.fitBounds(layer.getBounds(), { padding: [20, 20], maxZoom: 12 });
  document.body.dataset.loaded = "true";
}
