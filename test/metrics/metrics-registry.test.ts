import assert from "node:assert/strict";
import { test } from "node:test";
import { MetricsRegistry } from "../../src/metrics/metrics-registry.ts";
import { zoomEndpoint } from "../../src/providers/zoom/zoom-endpoint.ts";

test("a counter is written in Prometheus' text format with its help, type and labels", () => {
  const registry = new MetricsRegistry();
  const calls = registry.counter("demo_calls_total", "Calls made.", ["status"]);
  calls.inc({ status: "201" });
  calls.inc({ status: "201" });
  calls.inc({ status: "429" }, 3);
  assert.equal(
    registry.expose(),
    [
      "# HELP demo_calls_total Calls made.",
      "# TYPE demo_calls_total counter",
      'demo_calls_total{status="201"} 2',
      'demo_calls_total{status="429"} 3',
      "",
    ].join("\n"),
  );
});

test("a histogram's buckets are cumulative and end with +Inf, its sum and its count", () => {
  const registry = new MetricsRegistry();
  const took = registry.histogram("demo_seconds", "How long.", ["task"], [0.1, 1]);
  took.observe({ task: "a" }, 0.05);
  took.observe({ task: "a" }, 0.5);
  took.observe({ task: "a" }, 7);
  const lines = registry.expose().split("\n");
  assert.deepEqual(lines.slice(2, 7), [
    'demo_seconds_bucket{task="a",le="0.1"} 1',
    'demo_seconds_bucket{task="a",le="1"} 2',
    'demo_seconds_bucket{task="a",le="+Inf"} 3',
    'demo_seconds_sum{task="a"} 7.55',
    'demo_seconds_count{task="a"} 3',
  ]);
});

test("label values are escaped so that no value can break the format", () => {
  const registry = new MetricsRegistry();
  registry.gauge("demo_gauge", "A gauge.", ["name"]).set({ name: 'a "quoted"\nvalue\\' }, 1);
  assert.match(registry.expose(), /demo_gauge\{name="a \\"quoted\\"\\nvalue\\\\"\} 1/);
});

test("an instrument refuses labels it was not declared with, and a counter refuses to go down", () => {
  const registry = new MetricsRegistry();
  const counter = registry.counter("demo_total", "Counted.", ["kind"]);
  assert.throws(() => counter.inc({}), /needs the label kind/);
  assert.throws(() => counter.inc({ kind: "a", extra: "b" }), /takes the labels kind only/);
  assert.throws(() => counter.inc({ kind: "a" }, -1), /only goes up/);
  assert.throws(() => registry.counter("demo_total", "Again."), /registered twice/);
  assert.throws(() => registry.counter("bad name", "Bad."), /bad metric name/);
});

test("Zoom paths become patterns: no user id, email or meeting id reaches a label", () => {
  assert.equal(zoomEndpoint("/users/me/meetings"), "/users/{userId}/meetings");
  assert.equal(zoomEndpoint("/users/ada%40acme.example/meetings"), "/users/{userId}/meetings");
  assert.equal(zoomEndpoint("/meetings/85123456789"), "/meetings/{meetingId}");
  assert.equal(zoomEndpoint("/users/me"), "/users/{userId}");
  assert.equal(zoomEndpoint("/report/x9Z-1/participants"), "/report/{id}/participants");
});
