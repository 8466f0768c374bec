import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

const problemsOf = (raw: Record<string, string>) => {
  try {
    parseEnv(raw);
  } catch (e) {
    if (e instanceof EnvError) return e.problems.join("\n");
    throw e;
  }
  return "";
};

describe("settings", () => {
  it("name the malformed setting", () => {
    expect(problemsOf({ PORT: "seventy" })).toMatch(/^PORT/);
    expect(problemsOf({ DATABASE_URL: "mysql://x" })).toMatch(/^DATABASE_URL must start with postgres/);
    expect(problemsOf({ PII_KEY: "abc", SESSION_SECRET: "x".repeat(40) })).toMatch(/^PII_KEY must be 64 hex/);
  });

  it("take a statistics replica only beside a real primary", () => {
    expect(problemsOf({ DATABASE_REPLICA_URL: "postgres://h:5544/db" })).toMatch(
      /^DATABASE_REPLICA_URL needs DATABASE_URL=postgres/,
    );
    expect(problemsOf({ DATABASE_URL: "postgres://h/db", DATABASE_REPLICA_URL: "file://x" })).toMatch(
      /^DATABASE_REPLICA_URL must start with postgres/,
    );
    expect(
      parseEnv({
        DATABASE_URL: "postgres://h/db",
        DATABASE_REPLICA_URL: "postgres://h:5544/db",
        SESSION_SECRET: "s".repeat(40),
        PII_KEY: "a".repeat(64),
      }).DATABASE_REPLICA_URL,
    ).toBe("postgres://h:5544/db");
  });

  it("require the secrets in production with a real database", () => {
    const problems = problemsOf({ NODE_ENV: "production", DATABASE_URL: "postgres://h/db" });
    expect(problems).toContain("SESSION_SECRET is required");
    expect(problems).toContain("PII_KEY is required");
  });

  it("make the session cookie Secure in production unless told otherwise, and not in development", () => {
    const secrets = {
      SESSION_SECRET: "s".repeat(40),
      PII_KEY: "a".repeat(64),
      DATABASE_URL: "postgres://h/db",
    };
    expect(parseEnv({ ...secrets, NODE_ENV: "production" }).SESSION_COOKIE_SECURE).toBe(true);
    expect(
      parseEnv({ ...secrets, NODE_ENV: "production", SESSION_COOKIE_SECURE: "0" }).SESSION_COOKIE_SECURE,
    ).toBe(false);
    expect(parseEnv({ ...secrets, NODE_ENV: "development" }).SESSION_COOKIE_SECURE).toBe(false);
  });

  it("require the webhook secret with a Stripe key", () => {
    expect(
      problemsOf({ STRIPE_SECRET_KEY: "sk_test_123", DATA_DIR: mkdtempSync(path.join(tmpdir(), "env-")) }),
    ).toContain("STRIPE_WEBHOOK_SECRET is required");
  });

  it("invent embedded dev secrets once and keep them in the data directory", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "env-"));
    const first = parseEnv({ DATA_DIR: dir });
    const second = parseEnv({ DATA_DIR: dir });
    expect(first.PII_KEY).toMatch(/^[0-9a-f]{64}$/);
    expect(second.PII_KEY).toBe(first.PII_KEY);
    expect(second.SESSION_SECRET).toBe(first.SESSION_SECRET);
    expect(JSON.parse(readFileSync(path.join(dir, "secrets.json"), "utf8")).PII_KEY).toBe(first.PII_KEY);
    expect(first.SEED_DEMO_DATA).toBe(true);
    expect(parseEnv({ DATA_DIR: dir, DATABASE_URL: "postgres://h/db" }).SEED_DEMO_DATA).toBe(false);
  });

  it("have demo defaults for the operator, the customer-service phone and the ICP number, and check them", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "env-"));
    const env = parseEnv({ DATA_DIR: dir });
    expect(env.OPERATOR_NAME).toContain("演示");
    expect(env.SERVICE_PHONE).toMatch(/^[0-9-]+$/);
    expect(env.ICP_NUMBER).toMatch(/ICP备\d+号/);
    const set = parseEnv({
      DATA_DIR: dir,
      OPERATOR_NAME: "三门峡某某电子商务有限公司",
      SERVICE_PHONE: "0398-2345678",
      ICP_NUMBER: "豫ICP备12345678号-2",
    });
    expect([set.OPERATOR_NAME, set.SERVICE_PHONE, set.ICP_NUMBER]).toEqual([
      "三门峡某某电子商务有限公司",
      "0398-2345678",
      "豫ICP备12345678号-2",
    ]);
    expect(problemsOf({ DATA_DIR: dir, SERVICE_PHONE: "call us" })).toMatch(/^SERVICE_PHONE/);
    expect(problemsOf({ DATA_DIR: dir, ICP_NUMBER: "ICP 123" })).toMatch(/^ICP_NUMBER/);
    expect(problemsOf({ DATA_DIR: dir, OPERATOR_NAME: "x".repeat(101) })).toMatch(/^OPERATOR_NAME/);
  });
});
