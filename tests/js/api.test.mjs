import assert from "node:assert/strict";
import { createServer } from "node:http";
import { after, before, test } from "node:test";

import { earlyRequest, getJSON, isAbort, latestOnly } from "../../frontend/js/api.js";

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

// A stand-in for getJSON that records what it was asked, to count requests.
function recorder() {
  const calls = [];
  const get = (url, { signal } = {}) => {
    const call = { url, signal };
    calls.push(call);
    return Promise.resolve({ url });
  };
  return { calls, get };
}

test("an early request is taken by the first GET of the same URL instead of a second request", async () => {
  const { calls, get } = recorder();
  const early = earlyRequest(get);
  assert.equal(early.start("/clusters?zoom=6"), true);
  const load = latestOnly(early.take());
  assert.deepEqual(await load("/clusters?zoom=6"), { url: "/clusters?zoom=6" });
  assert.equal(calls.length, 1);
  await load("/clusters?zoom=7"); // later views are asked for as usual
  assert.deepEqual(calls.map((c) => c.url), ["/clusters?zoom=6", "/clusters?zoom=7"]);
});

test("an early request for another view is aborted, and none is sent once the map has asked", async () => {
  const { calls, get } = recorder();
  const early = earlyRequest(get);
  early.start("/clusters?zoom=6");
  const load = early.take();
  await load("/clusters?zoom=8");
  assert.equal(calls[0].signal.aborted, true);
  assert.equal(calls[1].url, "/clusters?zoom=8");
  assert.equal(early.start("/clusters?zoom=6"), false);
  assert.equal(calls.length, 2);
});

test("a view change while the early request is in flight aborts it", async () => {
  const early = earlyRequest();
  early.start(`${base}/slow`);
  const load = latestOnly(early.take());
  const first = load(`${base}/slow`);
  const second = load(`${base}/fast`);
  await assert.rejects(first, (error) => isAbort(error));
  assert.deepEqual(await second, { url: "/fast" });
});
