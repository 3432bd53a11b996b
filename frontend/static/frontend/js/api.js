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

export function isAbort(error) {
  return error && error.name === "AbortError";
}

export function withParams(url, params) {
  const query = params.toString();
  return query ? `${url}?${query}` : url;
}
