// A small closed-loop HTTP load generator for `npm run bench`: N clients, each with its own
// keep-alive connection and cookie jar, send one request after another for a fixed time after a
// warm-up. node:http directly (no fetch layer) so the generator, which shares the machine's two
// cores with the server and the database, costs as little CPU as possible.
import http from "node:http";

export type Step = {
  method?: "GET" | "POST";
  path: string;
  form?: Record<string, string>;
  measure?: boolean;
};
/** What a client does on one turn: usually one request; add-then-checkout is two (one measured). */
export type Scenario = (client: ClientState, turn: number) => Step[];
export type ClientState = {
  index: number;
  cookies: Map<string, string>;
  stopped: boolean;
  data: Record<string, unknown>;
};

export type LoadResult = {
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  errors: number;
  statuses: Record<string, number>;
};

export type LoadOptions = {
  baseUrl: string;
  connections: number;
  durationMs: number;
  warmupMs: number;
  scenario: Scenario;
  /** Answers that count as success (default 2xx and 3xx); `location` is a redirect's target. */
  ok?: (status: number, location?: string) => boolean;
  /** Called with every measured response; may stop the client (e.g. sold out). */
  onResponse?: (client: ClientState, step: Step, status: number, body: string, location?: string) => void;
  origin?: string;
};

type Response = { status: number; body: string; setCookie: string[]; location?: string };

function send(
  agent: http.Agent,
  base: URL,
  step: Step,
  cookies: Map<string, string>,
  origin: string,
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const body = step.form ? new URLSearchParams(step.form).toString() : undefined;
    const headers: Record<string, string> = { Accept: "text/html", "Accept-Encoding": "identity" };
    if (cookies.size) headers.Cookie = [...cookies].map(([k, v]) => `${k}=${v}`).join("; ");
    if (body !== undefined) {
      headers["Content-Type"] = "application/x-www-form-urlencoded";
      headers["Content-Length"] = String(Buffer.byteLength(body));
      headers.Origin = origin; // same-site POST (the server refuses cross-site ones)
    }
    const req = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: step.method ?? (body ? "POST" : "GET"),
        path: step.path,
        headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const sc = res.headers["set-cookie"];
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString("utf8"),
            setCookie: Array.isArray(sc) ? sc : sc ? [sc] : [],
            location: res.headers.location,
          });
        });
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

function keepCookies(jar: Map<string, string>, setCookie: string[]) {
  for (const c of setCookie) {
    const [pair] = c.split(";");
    const eq = pair.indexOf("=");
    if (eq > 0) jar.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
}

export function percentile(sorted: Float64Array | number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

/** Runs the scenario; returns throughput of measured requests and their latency percentiles (ms). */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const base = new URL(o.baseUrl);
  const origin = o.origin ?? base.origin;
  const ok = o.ok ?? ((s: number) => s >= 200 && s < 400);
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  const latencies: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const start = performance.now();
  const measureFrom = start + o.warmupMs;
  const end = measureFrom + o.durationMs;
  let lastMeasured = measureFrom;

  const states: ClientState[] = [];
  const client = async (index: number) => {
    const state: ClientState = { index, cookies: new Map(), stopped: false, data: {} };
    states.push(state);
    for (let turn = 0; !state.stopped && performance.now() < end; turn++) {
      for (const step of o.scenario(state, turn)) {
        if (state.stopped || performance.now() >= end) break;
        const t0 = performance.now();
        let res: Response;
        try {
          res = await send(agent, base, step, state.cookies, origin);
        } catch {
          if (performance.now() >= measureFrom) errors++;
          await new Promise((r) => setTimeout(r, 10));
          continue;
        }
        const t1 = performance.now();
        keepCookies(state.cookies, res.setCookie);
        // Counted when the answer arrives inside the window (a slow route still shows its rate).
        if (step.measure !== false && t1 >= measureFrom && t1 <= end) {
          latencies.push(t1 - t0);
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (!ok(res.status, res.location)) errors++;
          lastMeasured = t1;
        }
        o.onResponse?.(state, step, res.status, res.body, res.location);
      }
    }
  };
  await Promise.all(Array.from({ length: o.connections }, (_, i) => client(i)));
  agent.destroy();
  // Clients that all stop early (sold out) end the measured window at their last answer.
  const allStopped = states.every((st) => st.stopped);
  const seconds = Math.max(0.001, ((allStopped ? Math.min(end, lastMeasured) : end) - measureFrom) / 1000);
  const sorted = Float64Array.from(latencies).sort();
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    connections: o.connections,
    seconds: round(seconds),
    requests: latencies.length,
    rps: round(latencies.length / seconds),
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.length ? sorted[sorted.length - 1] : NaN),
    errors,
    statuses,
  };
}
