// Uploaded registry files between the preview and the apply step: the parsed rows are kept as JSON
// under DATA_DIR/imports/<random token>.json, readable only by the user who uploaded them, for two
// hours. The apply form and the report download carry only the token.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, stat, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { getEnv } from "./env.server";
import type { HouseholdFileRow } from "./household-file";

const MAX_AGE_MS = 2 * 60 * 60 * 1000;
const TOKEN = /^[0-9a-f]{32}$/;

type Stored = { ownerId: string; fileName: string; rows: HouseholdFileRow[] };

function folder(): string {
  return path.join(getEnv().DATA_DIR, "imports");
}

export async function saveImportFile(stored: Stored): Promise<string> {
  const dir = folder();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await removeExpired(dir);
  const token = randomBytes(16).toString("hex");
  await writeFile(path.join(dir, `${token}.json`), JSON.stringify(stored), { mode: 0o600 });
  return token;
}

export async function loadImportFile({
  ownerId,
  token,
}: {
  ownerId: string;
  token: string;
}): Promise<Omit<Stored, "ownerId"> | null> {
  if (!TOKEN.test(token)) return null;
  const file = path.join(folder(), `${token}.json`);
  try {
    if (Date.now() - (await stat(file)).mtimeMs > MAX_AGE_MS) return null;
    const stored = JSON.parse(await readFile(file, "utf8")) as Stored;
    return stored.ownerId === ownerId ? { fileName: stored.fileName, rows: stored.rows } : null;
  } catch {
    return null;
  }
}

async function removeExpired(dir: string): Promise<void> {
  for (const name of await readdir(dir)) {
    const file = path.join(dir, name);
    try {
      if (Date.now() - (await stat(file)).mtimeMs > MAX_AGE_MS) await unlink(file);
    } catch {
      // removed by someone else meanwhile
    }
  }
}
