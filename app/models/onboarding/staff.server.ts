// A supplier's staff (issue 18): the owner invites by mobile or e-mail, changes owner/staff and
// removes people. This file owns `staff_invitations` and writes users.role / supplier_id /
// supplier_role of the people it adds and removes.
//
// An invitation is a link with 32 random bytes (base64url); only its SHA-256 is stored, so a
// leaked database cannot be turned into working links. It expires 72 hours after it is made and
// is used once: accepting is `UPDATE … WHERE accepted_at IS NULL AND revoked_at IS NULL AND
// expires_at > now`, so two accepts of one link leave one member. The person accepting must be
// signed in with the mobile or e-mail the invitation names, and be a plain customer account.
//
// Only owners manage staff, and a supplier always keeps one owner: demoting or removing the last
// owner is refused (the owners of a supplier are locked while the change is made). A removed
// person becomes a customer and every session of theirs is revoked in the same transaction.
import { createHash, randomBytes } from "node:crypto";
import { and, asc, desc, eq, gt, isNull } from "drizzle-orm";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { UUID } from "~/lib/ids";
import { MOBILE_PATTERN } from "../access/account-rules";
import { recordAudit } from "../access/audit.server";
import type { Caller } from "../access/scope.server";
import { normaliseEmail } from "../access/users.server";
import { enqueueNotification } from "../notifications/outbox.server";

export const INVITATION_TTL_MS = 72 * 60 * 60 * 1000;
export type SupplierRole = (typeof s.supplierRole.enumValues)[number];
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export const hashInvitationToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** The caller's supplier when they are one of its owners (read from the database, not the session). */
async function ownerSupplierOf(ex: Executor, caller: Caller): Promise<string | null> {
  if (caller.role !== "supplier_staff" || !caller.supplierId) return null;
  const [row] = await ex
    .select({ supplierId: s.users.supplierId })
    .from(s.users)
    .where(
      and(
        eq(s.users.id, caller.id),
        eq(s.users.role, "supplier_staff"),
        eq(s.users.supplierId, caller.supplierId),
        eq(s.users.supplierRole, "owner"),
      ),
    );
  return row?.supplierId ?? null;
}

export async function isSupplierOwner(caller: Caller): Promise<boolean> {
  return (await ownerSupplierOf(db, caller)) !== null;
}

export type InviteError = "forbidden" | "invalid_contact";

/** An invitation; the token (for the link) is returned once and never stored. */
export async function inviteStaff({
  caller,
  contact,
  role,
  linkBase,
  now = new Date(),
}: {
  caller: Caller;
  contact: string;
  role: SupplierRole;
  /** The site's address (the route's origin); the link `${linkBase}/staff-invitations/<token>` is sent. */
  linkBase?: string;
  now?: Date;
}): Promise<{ ok: true; token: string; id: string } | { ok: false; code: InviteError }> {
  const supplierId = await ownerSupplierOf(db, caller);
  if (!supplierId) return { ok: false, code: "forbidden" };
  const value = contact.trim();
  const mobile = MOBILE_PATTERN.test(value) ? value : null;
  const email = !mobile && value.length <= 254 && EMAIL.test(value) ? normaliseEmail(value) : null;
  if (!mobile && !email) return { ok: false, code: "invalid_contact" };
  if (role !== "owner" && role !== "staff") return { ok: false, code: "invalid_contact" };
  const token = randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(s.staffInvitations)
      .values({
        supplierId,
        tokenHash: hashInvitationToken(token),
        mobile,
        email,
        supplierRole: role,
        invitedBy: caller.id,
        createdAt: now,
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS),
      })
      .returning({ id: s.staffInvitations.id });
    await recordAudit(tx, {
      actor: caller,
      action: "supplier_staff.invited",
      subjectType: "supplier",
      subjectId: supplierId,
      details: { invitation: row.id, role, by: mobile ? "mobile" : "email" },
      at: now,
    });
    // The link goes out by e-mail or SMS with the invitation (decision 092); the owner still sees it.
    const [supplier] = await tx
      .select({ name: s.suppliers.name })
      .from(s.suppliers)
      .where(eq(s.suppliers.id, supplierId));
    await enqueueNotification(tx, {
      event: `staff_invitation:${row.id}`,
      template: "staff_invitation",
      params: {
        supplierName: supplier.name,
        role: `@notify.role.${role}`,
        link: `${linkBase ?? ""}/staff-invitations/${token}`,
      },
      to: mobile ? { mobile } : { email: email! },
    });
    return { ok: true as const, token, id: row.id };
  });
}

/** An invitation as its link shows it (supplier name, role), or why it cannot be used. */
export async function viewInvitation({ token, now = new Date() }: { token: string; now?: Date }) {
  if (!TOKEN.test(token)) return { ok: false as const, code: "invalid" as const };
  const [row] = await db
    .select({
      supplierName: s.suppliers.name,
      supplierNameEn: s.suppliers.nameEn,
      role: s.staffInvitations.supplierRole,
      mobile: s.staffInvitations.mobile,
      email: s.staffInvitations.email,
      expiresAt: s.staffInvitations.expiresAt,
      acceptedAt: s.staffInvitations.acceptedAt,
      revokedAt: s.staffInvitations.revokedAt,
    })
    .from(s.staffInvitations)
    .innerJoin(s.suppliers, eq(s.suppliers.id, s.staffInvitations.supplierId))
    .where(eq(s.staffInvitations.tokenHash, hashInvitationToken(token)));
  if (!row || row.revokedAt) return { ok: false as const, code: "invalid" as const };
  if (row.acceptedAt) return { ok: false as const, code: "used" as const };
  if (row.expiresAt <= now) return { ok: false as const, code: "expired" as const };
  return {
    ok: true as const,
    supplierName: row.supplierName,
    supplierNameEn: row.supplierNameEn,
    role: row.role,
    expiresAt: row.expiresAt.toISOString(),
  };
}

export type AcceptError = "invalid" | "used" | "expired" | "wrong_account" | "not_a_customer";

/** The signed-in caller joins the supplier of the invitation `token`; once, before it expires. */
export async function acceptInvitation({
  caller,
  token,
  now = new Date(),
}: {
  caller: Caller;
  token: string;
  now?: Date;
}): Promise<{ ok: true; supplierId: string } | { ok: false; code: AcceptError }> {
  const view = await viewInvitation({ token, now });
  if (!view.ok) return view;
  const tokenHash = hashInvitationToken(token);
  return db.transaction(async (tx) => {
    const [user] = await tx
      .select({ role: s.users.role, mobile: s.users.mobile, email: s.users.email })
      .from(s.users)
      .where(eq(s.users.id, caller.id))
      .for("update");
    if (!user) return { ok: false as const, code: "wrong_account" as const };
    if (user.role !== "customer") return { ok: false as const, code: "not_a_customer" as const };
    const [named] = await tx
      .select({ mobile: s.staffInvitations.mobile, email: s.staffInvitations.email })
      .from(s.staffInvitations)
      .where(eq(s.staffInvitations.tokenHash, tokenHash));
    const matches =
      named &&
      ((named.mobile !== null && named.mobile === user.mobile) ||
        (named.email !== null && named.email === user.email));
    if (!matches) return { ok: false as const, code: "wrong_account" as const };
    // Single use: of two accepts of one link, one finds the row still open.
    const [invitation] = await tx
      .update(s.staffInvitations)
      .set({ acceptedAt: now, acceptedBy: caller.id })
      .where(
        and(
          eq(s.staffInvitations.tokenHash, tokenHash),
          isNull(s.staffInvitations.acceptedAt),
          isNull(s.staffInvitations.revokedAt),
          gt(s.staffInvitations.expiresAt, now),
        ),
      )
      .returning();
    if (!invitation) return { ok: false as const, code: "used" as const };
    await tx
      .update(s.users)
      .set({
        role: "supplier_staff",
        supplierId: invitation.supplierId,
        supplierRole: invitation.supplierRole,
      })
      .where(eq(s.users.id, caller.id));
    await recordAudit(tx, {
      actor: { id: caller.id, role: "supplier_staff" },
      action: "supplier_staff.joined",
      subjectType: "supplier",
      subjectId: invitation.supplierId,
      details: { invitation: invitation.id, role: invitation.supplierRole },
      at: now,
    });
    return { ok: true as const, supplierId: invitation.supplierId };
  });
}

/** The supplier's staff and open invitations, for its owners. */
export async function listStaff({ caller, now = new Date() }: { caller: Caller; now?: Date }) {
  const supplierId = await ownerSupplierOf(db, caller);
  if (!supplierId) return null;
  const [members, invitations] = await Promise.all([
    db
      .select({
        id: s.users.id,
        displayName: s.users.displayName,
        mobile: s.users.mobile,
        email: s.users.email,
        supplierRole: s.users.supplierRole,
      })
      .from(s.users)
      .where(and(eq(s.users.supplierId, supplierId), eq(s.users.role, "supplier_staff")))
      .orderBy(asc(s.users.supplierRole), asc(s.users.displayName)),
    db
      .select({
        id: s.staffInvitations.id,
        mobile: s.staffInvitations.mobile,
        email: s.staffInvitations.email,
        supplierRole: s.staffInvitations.supplierRole,
        expiresAt: s.staffInvitations.expiresAt,
      })
      .from(s.staffInvitations)
      .where(
        and(
          eq(s.staffInvitations.supplierId, supplierId),
          isNull(s.staffInvitations.acceptedAt),
          isNull(s.staffInvitations.revokedAt),
          gt(s.staffInvitations.expiresAt, now),
        ),
      )
      .orderBy(desc(s.staffInvitations.createdAt)),
  ]);
  return {
    members,
    invitations: invitations.map((i) => ({ ...i, expiresAt: i.expiresAt.toISOString() })),
  };
}

export type StaffChangeError = "forbidden" | "not_found" | "last_owner";

/**
 * An owner sets a member's role, or removes them (role null). The last owner can be neither
 * demoted nor removed. A removed member becomes a customer and loses every session at once.
 */
export async function changeStaff({
  caller,
  userId,
  role,
  now = new Date(),
}: {
  caller: Caller;
  userId: string;
  role: SupplierRole | null;
  now?: Date;
}): Promise<{ ok: true } | { ok: false; code: StaffChangeError }> {
  if (!UUID.test(userId)) return { ok: false, code: "not_found" };
  return db.transaction(async (tx) => {
    const supplierId = await ownerSupplierOf(tx, caller);
    if (!supplierId) return { ok: false as const, code: "forbidden" as const };
    // Lock the supplier's owners: two owners removing each other at once cannot leave none.
    const owners = await tx
      .select({ id: s.users.id })
      .from(s.users)
      .where(
        and(
          eq(s.users.supplierId, supplierId),
          eq(s.users.role, "supplier_staff"),
          eq(s.users.supplierRole, "owner"),
        ),
      )
      .for("update");
    const [member] = await tx
      .select({ id: s.users.id, supplierRole: s.users.supplierRole })
      .from(s.users)
      .where(
        and(eq(s.users.id, userId), eq(s.users.supplierId, supplierId), eq(s.users.role, "supplier_staff")),
      )
      .for("update");
    if (!member) return { ok: false as const, code: "not_found" as const };
    if (
      member.supplierRole === "owner" &&
      role !== "owner" &&
      owners.filter((o) => o.id !== userId).length === 0
    )
      return { ok: false as const, code: "last_owner" as const };
    if (role) {
      await tx.update(s.users).set({ supplierRole: role }).where(eq(s.users.id, userId));
    } else {
      await tx
        .update(s.users)
        .set({ role: "customer", supplierId: null, supplierRole: "staff" })
        .where(eq(s.users.id, userId));
      await tx
        .update(s.sessions)
        .set({ revokedAt: now })
        .where(and(eq(s.sessions.userId, userId), isNull(s.sessions.revokedAt)));
    }
    await recordAudit(tx, {
      actor: caller,
      action: role ? "supplier_staff.role_changed" : "supplier_staff.removed",
      subjectType: "user",
      subjectId: userId,
      details: { supplier: supplierId, ...(role ? { role } : {}) },
      at: now,
    });
    return { ok: true as const };
  });
}

/** An owner withdraws an invitation not yet used. */
export async function revokeInvitation({
  caller,
  id,
  now = new Date(),
}: {
  caller: Caller;
  id: string;
  now?: Date;
}) {
  if (!UUID.test(id)) return { ok: false as const, code: "not_found" as const };
  const supplierId = await ownerSupplierOf(db, caller);
  if (!supplierId) return { ok: false as const, code: "forbidden" as const };
  const [row] = await db
    .update(s.staffInvitations)
    .set({ revokedAt: now })
    .where(
      and(
        eq(s.staffInvitations.id, id),
        eq(s.staffInvitations.supplierId, supplierId),
        isNull(s.staffInvitations.acceptedAt),
        isNull(s.staffInvitations.revokedAt),
      ),
    )
    .returning({ id: s.staffInvitations.id });
  return row ? { ok: true as const } : { ok: false as const, code: "not_found" as const };
}
