// `npm run test:reliability`: the whole reliability suite on the real PostgreSQL — the fast part
// CI also runs (concurrency, authorization matrix, a short fuzz; here with more fuzz runs) plus
// the fault tests that kill the server and stop the database. Ends with the table of figures.
import { defineConfig } from "vitest/config";
import base from "./vitest.config";

export default defineConfig({
  ...base,
  test: {
    ...base.test,
    include: ["tests/reliability/*.test.ts", "tests/reliability/*.reliability.ts"],
    globalSetup: ["tests/setup/global-db.ts", "tests/reliability/report.ts"],
    maxWorkers: 1, // the fault tests stop the shared database: nothing else may run meanwhile
    testTimeout: 300_000,
    env: { ...base.test?.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? "3000" },
  },
});
