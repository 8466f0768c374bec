// The sweeps as pg-boss jobs on the machine's real PostgreSQL: two "processes" offering every sweep
// for the same slots run each sweep once per slot, not once per process; a failing sweep is run
// again in the next slot. (The embedded database sweeps on a timer in its one process.)
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { afterAll, beforeAll, expect, it } from "vitest";
import { startQueuedSweeps, type SweepRunner } from "./sweeps.server";

// A database of its own on the PostgreSQL the tests use (DATABASE_URL, an ordinary owner in CI), or
// the machine's when the tests run on the embedded engine.
const base = process.env.DATABASE_URL?.startsWith("postgres")
  ? process.env.DATABASE_URL
  : (process.env.TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres");
const name = `sweeps_${randomBytes(5).toString("hex")}`;
const url = Object.assign(new URL(base), { pathname: `/${name}` }).toString();
const admin = postgres(base, { max: 1, onnotice: () => {} });
const runners: SweepRunner[] = [];

beforeAll(async () => {
  await admin.unsafe(`CREATE DATABASE "${name}"`);
});
afterAll(async () => {
  await Promise.all(runners.map((r) => r.stop()));
  await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

// Slots are aligned to multiples of their length: start just after a boundary, so racing offers
// all fall in one slot.
const nextSlot = (seconds: number) =>
  new Promise((r) => setTimeout(r, seconds * 1000 - (Date.now() % (seconds * 1000)) + 100));

const until = async (done: () => boolean, ms = 20_000) => {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 100));
  }
};

it("two processes offering the same slots: each sweep runs once per slot; a failure runs again next slot", async () => {
  const runs = { expiry: 0, flaky: 0 };
  const errors: string[] = [];
  const sweeps = [
    { name: "expiry", run: async () => void runs.expiry++ },
    {
      name: "flaky",
      run: async () => {
        runs.flaky++;
        if (runs.flaky === 1) throw new Error("database hiccup");
      },
    },
  ];
  const start = () =>
    startQueuedSweeps({
      connectionString: url,
      sweeps,
      everySeconds: 3,
      onError: (sweep) => errors.push(sweep),
      timer: false,
    });
  // pg-boss creates its schema once, under its own lock, whichever process comes first.
  runners.push(...(await Promise.all([start(), start()])));
  const [a, b] = runners;

  // Slot 1: both processes offer both sweeps (twice each, as racing timers would).
  await nextSlot(3);
  await Promise.all([a.offer(), b.offer(), a.offer(), b.offer()]);
  await until(() => runs.expiry === 1 && runs.flaky === 1);
  // More offers in the same slot add nothing.
  await Promise.all([a.offer(), b.offer()]);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(runs).toEqual({ expiry: 1, flaky: 1 });
  expect(errors).toEqual(["flaky"]);

  // The next slot: one run each again, and the sweep that failed runs again.
  await nextSlot(3);
  await Promise.all([a.offer(), b.offer()]);
  await until(() => runs.expiry === 2 && runs.flaky === 2);
  await new Promise((r) => setTimeout(r, 1_000));
  expect(runs).toEqual({ expiry: 2, flaky: 2 });
});
