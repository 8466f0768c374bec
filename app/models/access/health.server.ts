// Health of what the app depends on, for /healthz (routes never reach the database directly).
import { databaseIsUp } from "~/lib/db.server";

export async function checkHealth(): Promise<{ ok: boolean; database: "up" | "down" }> {
  const up = await databaseIsUp();
  return { ok: up, database: up ? "up" : "down" };
}
