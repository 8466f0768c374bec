// `npm run cluster`: several app processes (server.js) behind nginx on one machine, sharing one
// PostgreSQL and one Redis. nginx spreads requests over the processes and passes a request on to
// another process when one is down; this script restarts a process that dies. Stops everything on
// Ctrl-C / SIGTERM. Settings (environment):
//   DATABASE_URL        postgres://… (required: the embedded PGlite serves one process only)
//   REDIS_URL           default redis://127.0.0.1:6379 (login and lookup brakes shared)
//   PORT                where nginx listens, default 3000; the processes take PORT+1 … PORT+N
//   CLUSTER_PROCESSES   N, default 2
//   NGINX               the nginx binary, default nginx (Debian: apt-get install nginx)
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

const databaseUrl = process.env.DATABASE_URL ?? "";
if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
  console.error("npm run cluster needs DATABASE_URL=postgres://… (the embedded PGlite serves one process).");
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3000);
const count = Number(process.env.CLUSTER_PROCESSES ?? 2);
if (!Number.isInteger(count) || count < 1 || count > 32) {
  console.error("CLUSTER_PROCESSES must be a whole number from 1 to 32.");
  process.exit(1);
}
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const dir = path.resolve(process.env.DATA_DIR ?? ".data", `cluster-${port}`);
mkdirSync(dir, { recursive: true });
const appPorts = Array.from({ length: count }, (_, i) => port + 1 + i);

// nginx runs in the foreground as this script's child, every file it writes inside `dir`.
const config = `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/nginx-error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client-body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  client_max_body_size 64m;
  upstream app {
    least_conn;
${appPorts.map((p) => `    server 127.0.0.1:${p} max_fails=1 fail_timeout=2s;`).join("\n")}
    keepalive 32;
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://app;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      # A process that is down or restarting: the request goes to the next one. Only for requests
      # that never reached an app (connection refused), so a POST is never sent twice.
      proxy_next_upstream error timeout;
      proxy_next_upstream_tries ${count};
      proxy_connect_timeout 1s;
      proxy_buffering off;
    }
  }
}
`;
writeFileSync(path.join(dir, "nginx.conf"), config);

let stopping = false;
const children = new Map();

function startApp(appPort) {
  const child = spawn(process.execPath, ["server.js"], {
    env: { ...process.env, PORT: String(appPort), HOST: "127.0.0.1", REDIS_URL: redisUrl },
    stdio: ["ignore", "inherit", "inherit"],
  });
  children.set(appPort, child);
  child.on("exit", (code, signal) => {
    if (stopping) return;
    console.error(`app on ${appPort} exited (${signal ?? code}); restarting in 1 s`);
    setTimeout(() => !stopping && startApp(appPort), 1000);
  });
  return child;
}

async function healthy(appPort, deadlineMs) {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`http://127.0.0.1:${appPort}/healthz`)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return false;
}

// The first process migrates (and seeds an empty database when SEED_DEMO_DATA=1) alone; the
// others start once it is up, so they find the schema ready.
startApp(appPorts[0]);
if (!(await healthy(appPorts[0], 300_000))) {
  console.error("the first app process did not become healthy");
  process.exit(1);
}
appPorts.slice(1).forEach(startApp);
await Promise.all(appPorts.slice(1).map((p) => healthy(p, 120_000)));

const nginx = spawn(process.env.NGINX ?? "nginx", ["-c", path.join(dir, "nginx.conf"), "-p", dir], {
  stdio: ["ignore", "inherit", "inherit"],
});
nginx.on("exit", (code) => {
  if (!stopping) {
    console.error(`nginx exited (${code}); stopping`);
    void stop();
  }
});
nginx.on("error", (error) => {
  console.error(`nginx could not start (${error.message}): install it (apt-get install nginx) or set NGINX`);
  void stop(1);
});
if (await healthy(port, 10_000))
  console.log(`cluster on http://127.0.0.1:${port}: nginx → ${count} app processes (${appPorts.join(", ")})`);

async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  nginx.kill("SIGQUIT");
  const exits = [...children.values()].map(
    (child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once("exit", resolve))),
  );
  for (const child of children.values()) child.kill("SIGTERM");
  await Promise.race([Promise.all(exits), new Promise((r) => setTimeout(r, 10_000))]);
  process.exit(code);
}
process.on("SIGINT", () => stop());
process.on("SIGTERM", () => stop());
