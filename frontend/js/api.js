/* The API client: JSON GETs, and a "latest only" loader that aborts the request in flight
 * when a newer one starts (the view moved again), so only the latest answer is drawn. */

export async function getJSON(url, { signal } = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, signal });
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response.json();
}

export function latestOnly(get = getJSON) {
  let controller = null;
  return async function load(url) {
    if (controller) controller.abort();
    const mine = (controller = new AbortController());
    try {
      return await get(url, { signal: mine.signal });
    } finally {
      if (controller === mine) controller = null;
    }
  };
}

/* A GET started before the code that reads it has loaded. `start(url)` sends it; the first
 * GET through `take(get)` gets its answer when it asks for the same URL, and aborts it
 * otherwise (the view came out different); `start` after that first GET sends nothing. */
export function earlyRequest(get = getJSON) {
  let early = null;
  let closed = false;
  return {
    start(url) {
      if (closed || early) return false;
      const controller = new AbortController();
      const answer = get(url, { signal: controller.signal });
      answer.catch(() => {}); // whoever takes it sees the error
      early = { url, answer, controller };
      return true;
    },
    take(next = get) {
      return (url, { signal } = {}) => {
        const mine = early;
        early = null;
        closed = true;
        if (mine && mine.url === url) {
          if (signal) signal.addEventListener("abort", () => mine.controller.abort());
          return mine.answer;
        }
        if (mine) mine.controller.abort();
        return next(url, { signal });
      };
    },
  };
}

/* The map's first clusters: pages/map-early.js starts them, map-view.js takes them. */
export const firstClusters = earlyRequest();

export function isAbort(error) {
  return error && error.name === "AbortError";
}

export function withParams(url, params) {
  const query = params.toString();
  return query ? `${url}?${query}` : url;
}
