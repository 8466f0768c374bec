// Personal API tokens of officials (and admins) for the statistics API. This file owns
// `api_tokens`. A token is shown once at creation; only its SHA-256 is stored (a token is random,
// 256 bits, so a plain fast hash is enough — no salt or slow hash needed, unlike passwords).
// Creating and revoking are written to the audit log in the same transaction. A token acts with
// its owner's CURRENT role and region: an owner who is no longer an official loses API access.
import { createHash, randomBytes } from "node:crypto";
import { and, desc, eq, isNull } from "drizzle-orm";
import { db, schema as s } from "~/lib/db.server";
import { recordAudit } from "./audit.server";
import type { Caller } from "./scope.server";

export const TOKEN_PREFIX = "xfb_";
export const MAX_TOKEN_NAME = 60;
/** Each owner holds at most this many live tokens: old ones must be revoked first. */
export const MAX_ACTIVE_TOKENS = 10;
const TOKEN_ROLES = new Set(["official", "admin"]);

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export type ApiTokenRow = {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** The caller's own tokens, newest first (revoked ones too, marked). */
export async function listApiTokens({ caller }: { caller: Caller }): Promise<ApiTokenRow[]> {
  if (!TOKEN_ROLES.has(caller.role)) return [];
  return db
    .select({
      id: s.apiTokens.id,
      name: s.apiTokens.name,
      createdAt: s.apiTokens.createdAt,
      lastUsedAt: s.apiTokens.lastUsedAt,
      revokedAt: s.apiTokens.revokedAt,
    })
    .from(s.apiTokens)
    .where(eq(s.apiTokens.userId, caller.id))
    .orderBy(desc(s.apiTokens.createdAt), desc(s.apiTokens.id));
}

export type CreateTokenResult =
  { ok: true; id: string; token: string } | { ok: false; code: "forbidden" | "bad_name" | "too_many" };

/** A new token for the caller; the plain token is returned once and never stored. */
export async function createApiToken({
  caller,
  name,
  ip,
}: {
  caller: Caller;
  name: string;
  ip?: string | null;
}): Promise<CreateTokenResult> {
  if (!TOKEN_ROLES.has(caller.role)) return { ok: false, code: "forbidden" };
  const clean = name.trim();
  if (clean.length < 1 || clean.length > MAX_TOKEN_NAME) return { ok: false, code: "bad_name" };
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    // The owner's row locked: two concurrent creations cannot both pass the limit.
    await tx.select({ id: s.users.id }).from(s.users).where(eq(s.users.id, caller.id)).for("update");
    const live = await tx
      .select({ id: s.apiTokens.id })
      .from(s.apiTokens)
      .where(and(eq(s.apiTokens.userId, caller.id), isNull(s.apiTokens.revokedAt)));
    if (live.length >= MAX_ACTIVE_TOKENS) return { ok: false as const, code: "too_many" as const };
    const [row] = await tx
      .insert(s.apiTokens)
      .values({ userId: caller.id, name: clean, tokenHash: hashToken(token) })
      .returning({ id: s.apiTokens.id });
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "api_token.create",
      subjectType: "api_token",
      subjectId: row.id,
      regionId: caller.regionId,
      details: { name: clean },
      ip,
    });
    return { ok: true as const, id: row.id, token };
  });
}

/** Revokes one of the caller's own tokens; someone else's (or an unknown id) is not found. */
export async function revokeApiToken({
  caller,
  id,
  ip,
}: {
  caller: Caller;
  id: string;
  ip?: string | null;
}): Promise<{ ok: true } | { ok: false; code: "not_found" }> {
  if (!TOKEN_ROLES.has(caller.role) || !/^[0-9a-f-]{36}$/i.test(id)) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(s.apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(s.apiTokens.id, id), eq(s.apiTokens.userId, caller.id), isNull(s.apiTokens.revokedAt)))
      .returning({ id: s.apiTokens.id, name: s.apiTokens.name });
    if (!row) {
      // Revoking an already revoked token of one's own changes nothing and is not an error.
      const [own] = await tx
        .select({ id: s.apiTokens.id })
        .from(s.apiTokens)
        .where(and(eq(s.apiTokens.id, id), eq(s.apiTokens.userId, caller.id)));
      return own ? { ok: true as const } : { ok: false as const, code: "not_found" as const };
    }
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "api_token.revoke",
      subjectType: "api_token",
      subjectId: row.id,
      regionId: caller.regionId,
      details: { name: row.name },
      ip,
    });
    return { ok: true as const };
  });
}

/**
 * The owner behind `Authorization: Bearer <token>`, or null for a missing, malformed, unknown or
 * revoked token, or an owner who is no longer an official or admin. Marks the token used (at most
 * once a minute, so a busy client does not write on every call).
 */
export async function authenticateApiToken(authorization: string | null): Promise<Caller | null> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!m || !m[1].startsWith(TOKEN_PREFIX) || m[1].length > 200) return null;
  const [row] = await db
    .select({
      tokenId: s.apiTokens.id,
      lastUsedAt: s.apiTokens.lastUsedAt,
      id: s.users.id,
      role: s.users.role,
      regionId: s.users.regionId,
    })
    .from(s.apiTokens)
    .innerJoin(s.users, eq(s.users.id, s.apiTokens.userId))
    .where(and(eq(s.apiTokens.tokenHash, hashToken(m[1])), isNull(s.apiTokens.revokedAt)));
  if (!row || !TOKEN_ROLES.has(row.role)) return null;
  const now = new Date();
  if (!row.lastUsedAt || now.getTime() - row.lastUsedAt.getTime() > 60_000) {
    await db.update(s.apiTokens).set({ lastUsedAt: now }).where(eq(s.apiTokens.id, row.tokenId));
  }
  return { id: row.id, role: row.role, regionId: row.regionId };
}
