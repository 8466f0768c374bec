// Builds the migrated template once per test run and hands its location to every test file.
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";
import type { TestProject } from "vitest/node";
import { fromPglite, openDatabase } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { withDatabaseName, type TemplateInfo } from "../support/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    dbTemplate: TemplateInfo;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url?.startsWith("postgres")) {
    const base = new URL(url).pathname.slice(1) || "test";
    const template = `${base}_template`;
    const admin = postgres(url, { max: 1, onnotice: () => {} });
    await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE "${template}"`);
    const handle = openDatabase(withDatabaseName(url, template));
    await migrateDatabase(handle);
    await handle.close();
    project.provide("dbTemplate", { engine: "postgres", url, template });
    return async () => {
      await admin.unsafe(`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`);
      await admin.end();
    };
  }
  const client = await PGlite.create();
  await migrateDatabase(fromPglite(client));
  const dump = await client.dumpDataDir("none");
  await client.close();
  mkdirSync(".cache", { recursive: true });
  const dumpPath = `.cache/pglite-template-${process.pid}.tar`;
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  project.provide("dbTemplate", { engine: "pglite", dumpPath });
  return () => rmSync(dumpPath, { force: true });
}
