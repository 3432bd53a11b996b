/* An ARIA 1.2 combobox (input + listbox), written once for the map's search and the form's
 * place search. search(text) resolves to items; render(item) gives the option's content
 * (nodes or text); choose(item) is called on Enter or click. Options are text nodes. */

import { el, debounce } from "./dom.js";

/* The next active index for a key press, or null when the key is not ours. Pure. */
export function nextActive(key, active, count) {
  if (!count) return null;
  if (key === "ArrowDown") return (active + 1) % count;
  if (key === "ArrowUp") return (active - 1 + count) % count;
  return null;
}

export function combobox({ input, listbox, search, render, choose, emptyText, idPrefix, minLength = 2, delay = 250 }) {
  let items = [];
  let active = -1;
  let nodes = [];

  function close() {
    listbox.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    nodes.forEach((node, i) => node.setAttribute("aria-selected", i === index ? "true" : "false"));
    active = index;
    if (index >= 0) input.setAttribute("aria-activedescendant", nodes[index].id);
  }

  function pick(item) {
    close();
    choose(item);
  }

  const update = debounce(async () => {
    const text = input.value.trim();
    if (text.length < minLength) { items = []; close(); return; }
    let found;
    try {
      found = await search(text);
    } catch {
      close();
      return;
    }
    if (input.value.trim() !== text) return; // typed on meanwhile
    items = found;
    nodes = items.map((item, i) => {
      const node = el("li", { id: `${idPrefix}-${i}`, role: "option", "aria-selected": "false" }, render(item));
      node.addEventListener("mousedown", (event) => { event.preventDefault(); pick(item); });
      return node;
    });
    listbox.replaceChildren(...(nodes.length ? nodes : [el("li", { role: "option", "aria-disabled": "true" }, emptyText)]));
    listbox.hidden = false;
    input.setAttribute("aria-expanded", "true");
  }, delay);

  input.addEventListener("input", update);
  input.addEventListener("keydown", (event) => {
    const next = nextActive(event.key, active, items.length);
    if (next !== null) { event.preventDefault(); highlight(next); return; }
    if (event.key === "Enter") {
      event.preventDefault(); // choosing must not send the form
      if (active >= 0) pick(items[active]);
      else if (items.length && !listbox.hidden) pick(items[0]);
    } else if (event.key === "Escape") close();
  });
  input.addEventListener("blur", () => setTimeout(close, 150));
  return { close };
}
