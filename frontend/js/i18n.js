/* The page's JavaScript translations: the json_script block every page carries
 * (frontend/templatetags/js_catalog.py), read once; the French source text when a string
 * has no translation, or outside a page (the unit tests). */

let catalog = null;

function translations() {
  if (catalog === null) {
    const node = typeof document === "undefined" ? null : document.getElementById("js-catalog");
    catalog = node ? JSON.parse(node.textContent) : {};
  }
  return catalog;
}

export function gettext(text) {
  const value = translations()[text];
  if (value === undefined) return text;
  return typeof value === "string" ? value : value[0];
}

/* interpolate("%s initiatives", [4]) or interpolate("à %(town)s", {town: "Brest"}, true). */
export function interpolate(format, values, named = false) {
  if (named) return format.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
  let i = 0;
  return format.replace(/%s/g, () => String(values[i++]));
}
