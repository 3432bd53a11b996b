/* Building DOM from data: every piece of text becomes a text node, never HTML. */

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "className") node.className = value;
    else if (name === "style") Object.assign(node.style, value); // CSSOM: allowed by the CSP
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/* The JSON a page hands to its entry point ({{ value|json_script:id }}): data, never code. */
export function pageConfig(id) {
  const node = document.getElementById(id);
  return node ? JSON.parse(node.textContent) : {};
}

/* Let the browser handle input and paint before going on: long work is cut into tasks of a
 * few ms (each over 50 ms, once Lighthouse's 4× CPU slowdown is applied, counts as blocking). */
export function yieldToBrowser() {
  return globalThis.scheduler?.yield ? globalThis.scheduler.yield() : new Promise((resolve) => setTimeout(resolve, 0));
}

/* Resolve once the browser has painted what is on the page (the task after the next frame),
 * or after `fallback` ms where no frame comes (a hidden tab). */
export function afterPaint({ fallback = 100 } = {}) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, fallback);
    requestAnimationFrame(() => setTimeout(() => { clearTimeout(timer); resolve(); }));
  });
}

/* Run `work(item)` for each item in slices of at most `slice` ms, yielding between them. */
export async function inSlices(items, work, { slice = 8 } = {}) {
  let start = performance.now();
  for (const item of items) {
    if (performance.now() - start > slice) {
      await yieldToBrowser();
      start = performance.now();
    }
    work(item);
  }
}
