// The background sweeps (order expiry, certification expiry, activation, auto-confirm, escalation…)
// run once per interval for the whole deployment, however many app processes there are.
// On PostgreSQL they are jobs in pg-boss (docs/decisions/106-sweeps-as-pg-boss-jobs.md): every
// process offers each sweep once per interval with a singleton slot, pg-boss keeps one job per slot
// and hands it to one worker (SKIP LOCKED). The embedded PGlite database is one process by nature:
// there the sweeps simply run on a timer.
import PgBoss from "pg-boss";

export type Sweep = { name: string; run: () => Promise<unknown> };
export type SweepRunner = {
  /** Offers every sweep for the current slot (what the timer does); resolves when offered. */
  offer: () => Promise<void>;
  stop: () => Promise<void>;
};

const QUEUE_PREFIX = "sweep-";

/** Timer-driven sweeps in this process only (the embedded database). */
export function startLocalSweeps(
  sweeps: Sweep[],
  everyMs: number,
  onError: (name: string, e: unknown) => void,
) {
  const offer = async () => {
    await Promise.all(sweeps.map((s) => s.run().catch((e) => onError(s.name, e))));
  };
  const timer = setInterval(() => void offer(), everyMs);
  timer.unref();
  void offer();
  return {
    offer,
    stop: async () => clearInterval(timer),
  } satisfies SweepRunner;
}

/**
 * Sweeps as pg-boss jobs on the PostgreSQL at `connectionString`: each process offers every sweep
 * once per `everySeconds` slot, and works the queue; a slot yields one job, run by one process.
 */
export async function startQueuedSweeps({
  connectionString,
  sweeps,
  everySeconds,
  onError,
  timer = true,
}: {
  connectionString: string;
  sweeps: Sweep[];
  everySeconds: number;
  onError: (name: string, e: unknown) => void;
  /** false: no timer, the caller offers (tests). */
  timer?: boolean;
}): Promise<SweepRunner> {
  const boss = new PgBoss({
    connectionString,
    max: 2,
    // pg-boss's own upkeep (archiving finished jobs) at its default pace; no cron is used.
    schedule: false,
  });
  boss.on("error", (e) => onError("pg-boss", e));
  await boss.start();
  for (const sweep of sweeps) {
    const queue = QUEUE_PREFIX + sweep.name;
    await ensureQueue(boss, queue);
    await boss.work(
      queue,
      { pollingIntervalSeconds: Math.max(0.5, Math.min(2, everySeconds / 2)) },
      async () => {
        try {
          await sweep.run();
        } catch (e) {
          onError(sweep.name, e);
          throw e; // pg-boss records the failure; the next slot runs it again
        }
      },
    );
  }
  const offer = async () => {
    await Promise.all(
      sweeps.map((s) =>
        boss
          .send(QUEUE_PREFIX + s.name, {}, { singletonSeconds: everySeconds, retryLimit: 0 })
          .catch((e) => onError(s.name, e)),
      ),
    );
  };
  let interval: NodeJS.Timeout | undefined;
  if (timer) {
    interval = setInterval(() => void offer(), everySeconds * 1000);
    interval.unref();
    void offer();
  }
  return {
    offer,
    stop: async () => {
      if (interval) clearInterval(interval);
      await boss.stop({ graceful: true, wait: true, timeout: 5_000 });
    },
  };
}

/**
 * Processes starting together race to create the same queue (pg-boss makes a partition table per
 * queue): a loser sees a deadlock or a duplicate, waits a moment and finds the queue there.
 */
async function ensureQueue(boss: PgBoss, queue: string) {
  for (let attempt = 0; ; attempt++) {
    if (await boss.getQueue(queue)) return;
    try {
      await boss.createQueue(queue);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 8 || (code !== "40P01" && code !== "23505" && code !== "42P07")) throw error;
      await new Promise((r) => setTimeout(r, 50 + Math.random() * 200));
    }
  }
}
