// A local streaming replica of the PostgreSQL that DATABASE_URL points at, for the statistics-on-a-
// replica test (decision 135): pg_basebackup of the whole cluster, started with pg_ctl on its own
// port. The setup needs the cluster's superuser (REPLICA_ADMIN_URL, default postgres@ the same host
// and port); the app's own role, however ordinary, then reads the replica like the primary.
// On the primary it changes one thing, only when missing and only once: a pg_hba rule letting that
// superuser open a replication connection from 127.0.0.1 (`host replication <user> 127.0.0.1/32
// trust`, like the machine's other local rules), then reloads the configuration.
// Run as root (CI), the server and its files belong to the postgres OS user (runuser); otherwise
// to the current user.
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chownSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import postgres from "postgres";

export type Replica = {
  /** DATABASE_URL with the replica's port: the same role and database, read-only. */
  url: string;
  /** Stops applying the primary's changes (they keep arriving); resolves once paused. */
  pause: () => Promise<void>;
  resume: () => Promise<void>;
  /** Resolves once the replica has applied everything the primary has written so far. */
  catchUp: (timeoutMs?: number) => Promise<void>;
  /** Stops the server and removes its data directory. */
  stop: () => Promise<void>;
};

const asRoot = process.getuid?.() === 0;

function run(cmd: string, args: string[]): string {
  const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", cmd, ...args]] : [cmd, args];
  return execFileSync(file, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

function withPort(url: string, port: number, user?: string, database?: string): string {
  const u = new URL(url);
  u.port = String(port);
  if (user !== undefined) {
    u.username = user;
    u.password = "";
  }
  if (database !== undefined) u.pathname = `/${database}`;
  return u.toString();
}

/** Can `user` open a replication connection to the primary? (IDENTIFY_SYSTEM over psql.) */
function canReplicate(bin: string, host: string, port: string, user: string): boolean {
  try {
    execFileSync(
      path.join(bin, "psql"),
      [`host=${host} port=${port} user=${user} dbname=postgres replication=true`, "-Atc", "IDENTIFY_SYSTEM"],
      { stdio: "ignore", env: { ...process.env, PGCONNECT_TIMEOUT: "5" } },
    );
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`replica: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startReplica({
  primaryUrl,
  port = Number(process.env.REPLICA_TEST_PORT ?? 5544),
}: {
  primaryUrl: string;
  port?: number;
}): Promise<Replica> {
  const primary = new URL(primaryUrl);
  const adminUrl =
    process.env.REPLICA_ADMIN_URL ??
    withPort(primaryUrl, Number(primary.port || 5432), "postgres", "postgres");
  const admin = new URL(adminUrl);
  const host = admin.hostname;
  const primaryPort = admin.port || "5432";
  const superuser = decodeURIComponent(admin.username) || "postgres";
  const sqlAdmin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  let replicaAdmin: postgres.Sql | undefined;
  const dir = `/tmp/xfb-stats-replica-${port}`;
  let bin = "";
  const stopServer = (mode: "fast" | "immediate") => {
    if (existsSync(path.join(dir, "postmaster.pid")))
      run(path.join(bin, "pg_ctl"), ["-D", dir, "-m", mode, "-w", "stop"]);
  };
  try {
    const [{ v }] = await sqlAdmin<{ v: string }[]>`select current_setting('server_version_num') as v`;
    bin = `/usr/lib/postgresql/${Math.floor(Number(v) / 10000)}/bin`;
    if (!existsSync(bin)) throw new Error(`replica: ${bin} not found (pg_basebackup, pg_ctl)`);

    if (!canReplicate(bin, host, primaryPort, superuser)) {
      const [{ hba }] = await sqlAdmin<{ hba: string }[]>`select current_setting('hba_file') as hba`;
      try {
        appendFileSync(
          hba,
          `\n# Added by tests/support/replica.ts: the statistics test's local streaming replica.\nhost replication ${superuser} 127.0.0.1/32 trust\n`,
        );
      } catch (error) {
        throw new Error(
          `replica: cannot add "host replication ${superuser} 127.0.0.1/32 trust" to ${hba} (${String(error)}); add it and reload`,
        );
      }
      await sqlAdmin`select pg_reload_conf()`;
      await until(
        "the replication rule",
        async () => canReplicate(bin, host, primaryPort, superuser),
        10_000,
      );
    }

    // A replica left behind by an interrupted run goes first.
    try {
      stopServer("immediate");
    } catch {
      /* not running */
    }
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { mode: 0o700 });
    if (asRoot) chownOwner(dir);

    // Retried: on a primary where other tests drop databases (each an immediate checkpoint), PostgreSQL
    // 15 was seen to invalidate the backup's temporary WAL slot mid-copy ("terminating process … to
    // release replication slot"); a fresh attempt starts over.
    for (let attempt = 1; ; attempt++) {
      try {
        run(path.join(bin, "pg_basebackup"), [
          ...["-h", host, "-p", primaryPort, "-U", superuser, "-D", dir],
          ...["-R", "-X", "stream", "-c", "fast", "--no-sync"],
        ]);
        break;
      } catch (error) {
        if (attempt >= 3) throw error;
        console.warn(`replica: pg_basebackup attempt ${attempt} failed, retrying: ${String(error)}`);
      }
    }

    // A hot standby needs at least the primary's limits.
    const limits = await sqlAdmin<{ name: string; setting: string }[]>`
      select name, setting from pg_settings
      where name in ('max_connections', 'max_worker_processes', 'max_wal_senders',
                     'max_prepared_transactions', 'max_locks_per_transaction')`;
    const files: Record<string, string> = {
      "postgresql.conf": [
        `port = ${port}`,
        `listen_addresses = '127.0.0.1'`,
        `unix_socket_directories = '${dir}'`,
        `hot_standby = on`,
        `shared_buffers = 32MB`,
        `fsync = off`,
        ...limits.map((l) => `${l.name} = ${l.setting}`),
        "",
      ].join("\n"),
      "pg_hba.conf": "local all all trust\nhost all all 127.0.0.1/32 trust\n",
      "pg_ident.conf": "",
    };
    for (const [name, text] of Object.entries(files)) {
      writeFileSync(path.join(dir, name), text, { mode: 0o600 });
      if (asRoot) chownOwner(path.join(dir, name));
    }
    run(path.join(bin, "pg_ctl"), [
      "-D",
      dir,
      "-l",
      path.join(dir, "server.log"),
      "-w",
      "-t",
      "120",
      "start",
    ]);

    const sqlReplica = postgres(withPort(adminUrl, port), { max: 1, onnotice: () => {} });
    replicaAdmin = sqlReplica;
    const [{ standby }] = await sqlReplica<{ standby: boolean }[]>`select pg_is_in_recovery() as standby`;
    if (!standby) throw new Error("replica: the server on the replica port is not in recovery");

    const pauseState = async () =>
      (await sqlReplica<{ s: string }[]>`select pg_get_wal_replay_pause_state() as s`)[0].s;
    const replica: Replica = {
      url: withPort(primaryUrl, port),
      pause: async () => {
        await sqlReplica`select pg_wal_replay_pause()`;
        await until("replay to pause", async () => (await pauseState()) === "paused", 30_000);
      },
      resume: async () => {
        await sqlReplica`select pg_wal_replay_resume()`;
      },
      catchUp: async (timeoutMs = 60_000) => {
        const [{ lsn }] = await sqlAdmin<{ lsn: string }[]>`select pg_current_wal_lsn()::text as lsn`;
        await until(
          "replay to catch up",
          async () =>
            (await sqlReplica<{ ok: boolean }[]>`select pg_last_wal_replay_lsn() >= ${lsn}::pg_lsn as ok`)[0]
              .ok,
          timeoutMs,
        );
      },
      stop: async () => {
        await sqlReplica.end({ timeout: 5 });
        await sqlAdmin.end({ timeout: 5 });
        try {
          stopServer("fast");
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
    return replica;
  } catch (error) {
    await replicaAdmin?.end({ timeout: 1 });
    await sqlAdmin.end({ timeout: 1 });
    if (bin) {
      try {
        stopServer("immediate");
      } catch {
        /* not started */
      }
      console.error(`replica: setup failed; its log:\n${readLog(dir)}`);
      rmSync(dir, { recursive: true, force: true });
    }
    throw error;
  }
}

function readLog(dir: string): string {
  try {
    return readFileSync(path.join(dir, "server.log"), "utf8").slice(-4000);
  } catch {
    return "(none)";
  }
}

let postgresIds: { uid: number; gid: number } | undefined;
function chownOwner(file: string) {
  postgresIds ??= {
    uid: Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" })),
    gid: Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" })),
  };
  chownSync(file, postgresIds.uid, postgresIds.gid);
}
