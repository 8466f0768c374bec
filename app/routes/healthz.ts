import { json } from "@remix-run/node";
import { databaseIsUp } from "~/lib/db.server";

// 200 when the database answers, 503 when it does not: for load balancers and start-up checks.
export async function loader() {
  const up = await databaseIsUp();
  return json({ status: up ? "ok" : "unavailable", database: up ? "up" : "down" }, { status: up ? 200 : 503, headers: { "Cache-Control": "no-store" } });
}
