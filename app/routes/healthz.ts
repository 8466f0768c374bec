import { json } from "@remix-run/node";
import { INSTANCE_ID } from "~/lib/instance.server";
import { checkHealth } from "~/models/access/health.server";

// 200 when the database answers, 503 when it does not: for load balancers and start-up checks.
export async function loader() {
  const health = await checkHealth();
  return json(
    { status: health.ok ? "ok" : "unavailable", database: health.database, instance: INSTANCE_ID },
    { status: health.ok ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
