import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import { getJSON, isAbort, latestOnly } from "../../frontend/static/frontend/js/api.js";

// A real HTTP server: /slow answers after 300 ms, /fast at once, /missing is a 404.
let server;
let base;
before(async () => {
  server = createServer((request, response) => {
    if (request.url === "/missing") { response.writeHead(404).end(); return; }
    const send = () => response.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ url: request.url }));
    if (request.url === "/slow") setTimeout(send, 300); else send();
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(() => server.close());

test("a newer request aborts the one in flight", async () => {
  const load = latestOnly();
  const first = load(`${base}/slow`);
  const second = load(`${base}/fast`);
  await assert.rejects(first, (error) => isAbort(error));
  assert.deepEqual(await second, { url: "/fast" });
});

test("an error status is an error, not data", async () => {
  await assert.rejects(getJSON(`${base}/missing`), /404/);
});
