/* Django's JavaScript catalogue (the jsi18n script, loaded before the modules) when present,
 * the French source text otherwise (as in the unit tests). */

export function gettext(text) {
  return typeof globalThis.gettext === "function" ? globalThis.gettext(text) : text;
}

/* interpolate("%s initiatives", [4]) or interpolate("à %(town)s", {town: "Brest"}, true). */
export function interpolate(format, values, named = false) {
  if (typeof globalThis.interpolate === "function") return globalThis.interpolate(format, values, named);
  if (named) return format.replace(/%\((\w+)\)s/g, (_, key) => String(values[key]));
  let i = 0;
  return format.replace(/%s/g, () => String(values[i++]));
}
