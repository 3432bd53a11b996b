/* The panel's toggle: on a narrow screen the panel is folded away until asked for (site.css
 * folds it from the first paint: `.panel` without `.open`). */

export function setupPanelToggle({ toggle, panel, map, query = "(max-width: 700px)" }) {
  if (!toggle || !panel) return;
  const narrow = window.matchMedia(query);
  const set = (open) => {
    panel.hidden = !open;
    panel.classList.toggle("open", open);
    toggle.setAttribute("aria-expanded", String(open));
    map.invalidateSize();
  };
  set(!narrow.matches);
  toggle.addEventListener("click", () => set(panel.hidden));
}
