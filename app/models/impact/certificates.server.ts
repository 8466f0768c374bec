// Verifiable impact certificates (issue 21, docs/certificates.md, decisions 075–076). Owns
// impact_certificates. A certificate states what the attribution ledger holds for an order, or
// for an institution's orders of one year: the attributed income by income type, the households
// and monitored households reached, the village collectives and the villages — never a name, an
// ID number or a household id, and every figure under the privacy floor (core/privacy-floor.ts).
//
// Issue: the figures are computed from attribution_entries (sales plus refund reversals), put in
// a canonical JSON payload with a salted digest of the unrounded figures, and signed with the
// platform's Ed25519 key. Verify (public, by certificate id): the stored payload's signature is
// checked, the figures are recomputed from the ledger for the subject stored beside the payload,
// and the certificate is "valid" only when the signature holds and the recomputed figures and
// digest equal the signed ones; otherwise "altered", with the amended figures (a refund after
// issue is such an amendment).
//
// Who may issue and read: an order's certificate, the order's buyer (orders.user_id) or a buyer of
// the order's organisation (its admin or an active member); an institution's year, the
// organisation's buyer admin. Anyone else gets "not_found", as for an order that does not exist.
import { and, desc, eq, gte, inArray, lte, sql, type SQL } from "drizzle-orm";
import { createHash, randomBytes } from "node:crypto";
import { isCode, randomCode } from "../../../core/codes";
import { INCOME_TYPE_LABELS, INCOME_TYPES, type IncomeType } from "../../../core/mechanisms";
import { floorCount, floorFigure, type FlooredFigure } from "../../../core/privacy-floor";
import { formatShanghaiDateTime, shanghaiYear } from "~/lib/dates";
import { translate, type Locale } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { renderLinesPdf, type PdfLine } from "~/lib/pdf.server";
import { db, schema as s, type Executor } from "~/lib/db.server";
import { canonicalJson, signingKey, signText, verifyText } from "~/lib/signing.server";
import { recordAudit } from "../access/audit.server";
import type { Caller } from "../access/scope.server";
import { organisationIdsOfBuyer } from "../institutions/institutions.server";

export const CERTIFICATE_ID_LENGTH = 16;
export const PAYLOAD_VERSION = 1;

export type CertificateSubject =
  { kind: "order"; orderId: string } | { kind: "institution_year"; organisationId: string; year: number };

/** The unrounded figures: never shown, only digested into the payload. */
export type RawFigures = {
  totalFen: number;
  households: number;
  monitoredHouseholds: number;
  villageCollectives: number;
  byIncomeType: Record<IncomeType, { amountFen: number; households: number }>;
  villageIds: number[];
};

/** The figures a certificate shows, each under the privacy floor. */
export type PublicFigures = {
  totalFen: FlooredFigure;
  households: FlooredFigure;
  monitoredHouseholds: FlooredFigure;
  villageCollectives: number;
  byIncomeType: Record<IncomeType, FlooredFigure>;
  villages: string[];
};

export type CertificatePayload = {
  version: number;
  certificateId: string;
  subject:
    | { kind: "order"; orderNumber: string; paidOn: string }
    | { kind: "institution_year"; organisation: string; year: number };
  issuedAt: string;
  keyId: string;
  figures: PublicFigures;
  rawDigest: string;
};

// ─── figures from the ledger ─────────────────────────────────────────────────────────────

function subjectFilter(subject: CertificateSubject): SQL {
  if (subject.kind === "order") return eq(s.attributionEntries.orderId, subject.orderId);
  return and(
    inArray(
      s.attributionEntries.orderId,
      db
        .select({ id: s.orders.id })
        .from(s.orders)
        .where(eq(s.orders.organisationId, subject.organisationId)),
    ),
    gte(s.attributionEntries.statDate, `${subject.year}-01-01`),
    lte(s.attributionEntries.statDate, `${subject.year}-12-31`),
  )!;
}

/**
 * The subject's figures from attribution_entries: per beneficiary and income type the net of its
 * sale entries and reversals; a beneficiary counts as reached when its net is above zero.
 */
export async function computeRawFigures(ex: Executor, subject: CertificateSubject): Promise<RawFigures> {
  const e = s.attributionEntries;
  const rows = await ex
    .select({
      householdId: e.householdId,
      collectiveId: e.villageCollectiveId,
      kind: e.householdKind,
      villageId: e.villageId,
      incomeType: e.incomeType,
      amountFen: sql<number>`sum(${e.amountFen})::bigint`.mapWith(Number),
    })
    .from(e)
    .where(subjectFilter(subject))
    .groupBy(e.householdId, e.villageCollectiveId, e.householdKind, e.villageId, e.incomeType);
  const byIncomeType = Object.fromEntries(
    INCOME_TYPES.map((t) => [t, { amountFen: 0, households: 0 }]),
  ) as RawFigures["byIncomeType"];
  const householdsByType = new Map<IncomeType, Set<string>>(INCOME_TYPES.map((t) => [t, new Set()]));
  const netByHousehold = new Map<string, { net: number; monitored: boolean }>();
  const netByCollective = new Map<string, number>();
  const netByVillage = new Map<number, number>();
  let totalFen = 0;
  for (const r of rows) {
    totalFen += r.amountFen;
    byIncomeType[r.incomeType].amountFen += r.amountFen;
    if (r.householdId && r.amountFen > 0) householdsByType.get(r.incomeType)!.add(r.householdId);
    if (r.householdId) {
      const h = netByHousehold.get(r.householdId) ?? { net: 0, monitored: r.kind !== "alleviated" };
      h.net += r.amountFen;
      netByHousehold.set(r.householdId, h);
    } else if (r.collectiveId) {
      netByCollective.set(r.collectiveId, (netByCollective.get(r.collectiveId) ?? 0) + r.amountFen);
    }
    netByVillage.set(r.villageId, (netByVillage.get(r.villageId) ?? 0) + r.amountFen);
  }
  for (const t of INCOME_TYPES) byIncomeType[t].households = householdsByType.get(t)!.size;
  const reached = [...netByHousehold.values()].filter((h) => h.net > 0);
  return {
    totalFen,
    households: reached.length,
    monitoredHouseholds: reached.filter((h) => h.monitored).length,
    villageCollectives: [...netByCollective.values()].filter((n) => n > 0).length,
    byIncomeType,
    villageIds: [...netByVillage.entries()]
      .filter(([, n]) => n > 0)
      .map(([id]) => id)
      .sort((a, b) => a - b),
  };
}

/** The figures shown: amounts and counts under the privacy floor, villages by name. */
export async function publicFigures(ex: Executor, raw: RawFigures): Promise<PublicFigures> {
  const villages = raw.villageIds.length
    ? await ex
        .select({ code: s.regions.code, name: s.regions.name })
        .from(s.regions)
        .where(inArray(s.regions.id, raw.villageIds))
    : [];
  return {
    totalFen: floorFigure(raw.totalFen, raw.households),
    households: floorCount(raw.households),
    monitoredHouseholds: floorCount(raw.monitoredHouseholds),
    villageCollectives: raw.villageCollectives,
    byIncomeType: Object.fromEntries(
      INCOME_TYPES.map((t) => [
        t,
        floorFigure(raw.byIncomeType[t].amountFen, raw.byIncomeType[t].households),
      ]),
    ) as PublicFigures["byIncomeType"],
    villages: villages.sort((a, b) => (a.code < b.code ? -1 : 1)).map((v) => v.name),
  };
}

function rawDigest(salt: string, raw: RawFigures): string {
  return createHash("sha256").update(salt).update(canonicalJson(raw)).digest("hex");
}

// ─── who may see what ────────────────────────────────────────────────────────────────────

type OrderRow = { id: string; orderNumber: string; paidAt: Date | null; organisationId: string | null };

/** The order `caller` may hold a certificate of (buyer, or a buyer of its organisation), or null. */
async function orderForCaller(
  ex: Executor,
  caller: Caller,
  where: { orderNumber: string } | { orderId: string },
): Promise<OrderRow | null> {
  const [order] = await ex
    .select({
      id: s.orders.id,
      orderNumber: s.orders.orderNumber,
      paidAt: s.orders.paidAt,
      organisationId: s.orders.organisationId,
      userId: s.orders.userId,
    })
    .from(s.orders)
    .where("orderId" in where ? eq(s.orders.id, where.orderId) : eq(s.orders.orderNumber, where.orderNumber));
  // Only a paid order has figures; an unpaid one answers like one that does not exist.
  if (!order || !order.paidAt) return null;
  if (order.userId === caller.id) return order;
  if (order.organisationId && (await organisationIdsOfBuyer(ex, caller.id)).includes(order.organisationId))
    return order;
  return null;
}

/** The organisation `caller` administers, or null. */
async function administeredOrganisation(ex: Executor, caller: Caller) {
  if (caller.role !== "buyer_admin" || !caller.organisationId) return null;
  const [org] = await ex
    .select({ id: s.buyerOrganisations.id, name: s.buyerOrganisations.name })
    .from(s.buyerOrganisations)
    .where(eq(s.buyerOrganisations.id, caller.organisationId));
  return org ?? null;
}

// ─── issuing ─────────────────────────────────────────────────────────────────────────────

export type IssueRequest =
  { kind: "order"; orderNumber: string } | { kind: "institution_year"; year: number };
export type IssueResult =
  { ok: true; id: string; reused: boolean } | { ok: false; code: "not_found" | "bad_year" };

/**
 * Issues (signs and stores) a certificate for the caller's order or organisation year. When the
 * subject's latest certificate still verifies as valid it is returned instead of a new one.
 */
export async function issueCertificate({
  caller,
  request,
  now = new Date(),
}: {
  caller: Caller;
  request: IssueRequest;
  now?: Date;
}): Promise<IssueResult> {
  let subject: CertificateSubject;
  let payloadSubject: CertificatePayload["subject"];
  if (request.kind === "order") {
    const order = await orderForCaller(db, caller, { orderNumber: request.orderNumber });
    if (!order) return { ok: false, code: "not_found" };
    subject = { kind: "order", orderId: order.id };
    payloadSubject = {
      kind: "order",
      orderNumber: order.orderNumber,
      paidOn: shanghaiDay(order.paidAt!),
    };
  } else {
    const org = await administeredOrganisation(db, caller);
    if (!org) return { ok: false, code: "not_found" };
    if (!Number.isInteger(request.year) || request.year < 2020 || request.year > shanghaiYear(now))
      return { ok: false, code: "bad_year" };
    subject = { kind: "institution_year", organisationId: org.id, year: request.year };
    payloadSubject = { kind: "institution_year", organisation: org.name, year: request.year };
  }

  return db.transaction(async (tx) => {
    // One issuer at a time per subject (the subject's row locked): of two requests at once, the
    // second finds the first one's certificate still valid and returns it.
    if (subject.kind === "order")
      await tx
        .select({ id: s.orders.id })
        .from(s.orders)
        .where(eq(s.orders.id, subject.orderId))
        .for("update");
    else
      await tx
        .select({ id: s.buyerOrganisations.id })
        .from(s.buyerOrganisations)
        .where(eq(s.buyerOrganisations.id, subject.organisationId))
        .for("update");
    const [previous] = await tx
      .select({ id: s.impactCertificates.id })
      .from(s.impactCertificates)
      .where(
        subject.kind === "order"
          ? eq(s.impactCertificates.orderId, subject.orderId)
          : and(
              eq(s.impactCertificates.organisationId, subject.organisationId),
              eq(s.impactCertificates.year, subject.year),
            ),
      )
      .orderBy(desc(s.impactCertificates.issuedAt))
      .limit(1);
    if (previous && (await verifyCertificate({ id: previous.id }, tx))?.status === "valid")
      return { ok: true as const, id: previous.id, reused: true };
    const raw = await computeRawFigures(tx, subject);
    const id = randomCode(CERTIFICATE_ID_LENGTH);
    const salt = randomBytes(16).toString("hex");
    const payload: CertificatePayload = {
      version: PAYLOAD_VERSION,
      certificateId: id,
      subject: payloadSubject,
      issuedAt: now.toISOString(),
      keyId: signingKey().keyId,
      figures: await publicFigures(tx, raw),
      rawDigest: rawDigest(salt, raw),
    };
    const text = canonicalJson(payload);
    const { signature, keyId } = signText(text);
    await tx.insert(s.impactCertificates).values({
      id,
      subject: subject.kind,
      orderId: subject.kind === "order" ? subject.orderId : null,
      organisationId: subject.kind === "institution_year" ? subject.organisationId : null,
      year: subject.kind === "institution_year" ? subject.year : null,
      payload: text,
      signature,
      keyId,
      rawSalt: salt,
      issuedBy: caller.id,
      issuedAt: now,
    });
    await recordAudit(tx, {
      actor: { id: caller.id, role: caller.role },
      action: "impact_certificate.issued",
      subjectType: "impact_certificate",
      subjectId: id,
      details: { subject: payloadSubject },
      at: now,
    });
    return { ok: true as const, id, reused: false };
  });
}

function shanghaiDay(at: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(at);
}

// ─── verifying and reading ───────────────────────────────────────────────────────────────

export type Verification = {
  id: string;
  status: "valid" | "altered";
  signatureValid: boolean;
  figuresMatch: boolean;
  /** The payload as stored (null when it is not JSON any more). */
  payload: CertificatePayload | null;
  /** The figures the ledger gives now. */
  current: PublicFigures;
  keyId: string;
  publicKeyPem: string;
};

/** Public verification of certificate `id`; null when there is no such certificate. */
export async function verifyCertificate(
  { id }: { id: string },
  ex: Executor = db,
): Promise<Verification | null> {
  if (!isCode(id, CERTIFICATE_ID_LENGTH)) return null;
  const [row] = await ex.select().from(s.impactCertificates).where(eq(s.impactCertificates.id, id));
  if (!row) return null;
  const subject: CertificateSubject =
    row.subject === "order"
      ? { kind: "order", orderId: row.orderId! }
      : { kind: "institution_year", organisationId: row.organisationId!, year: row.year! };
  const raw = await computeRawFigures(ex, subject);
  const current = await publicFigures(ex, raw);
  const key = signingKey();
  const signatureValid = row.keyId === key.keyId && verifyText(row.payload, row.signature);
  let payload: CertificatePayload | null = null;
  try {
    payload = JSON.parse(row.payload) as CertificatePayload;
  } catch {
    payload = null;
  }
  const figuresMatch =
    payload !== null &&
    payload.certificateId === row.id &&
    canonicalJson(payload.figures) === canonicalJson(current) &&
    payload.rawDigest === rawDigest(row.rawSalt, raw);
  return {
    id: row.id,
    status: signatureValid && figuresMatch ? "valid" : "altered",
    signatureValid,
    figuresMatch,
    payload,
    current,
    keyId: key.keyId,
    publicKeyPem: key.publicKeyPem,
  };
}

/** A certificate for its holder (page and PDF): the verification plus the signature; null when not theirs. */
export async function getCertificate({ caller, id }: { caller: Caller; id: string }) {
  if (!isCode(id, CERTIFICATE_ID_LENGTH)) return null;
  const [row] = await db.select().from(s.impactCertificates).where(eq(s.impactCertificates.id, id));
  if (!row) return null;
  if (row.subject === "order") {
    if (!(await orderForCaller(db, caller, { orderId: row.orderId! }))) return null;
  } else {
    const org = await administeredOrganisation(db, caller);
    if (!org || org.id !== row.organisationId) return null;
  }
  const verification = await verifyCertificate({ id });
  if (!verification) return null;
  return { ...verification, signature: row.signature, issuedAt: row.issuedAt };
}

/** Whether `caller` may ask for a certificate of this order (for the link on the order pages). */
export async function canCertifyOrder({ caller, orderNumber }: { caller: Caller; orderNumber: string }) {
  return (await orderForCaller(db, caller, { orderNumber })) !== null;
}

/** The certificates `caller` issued, newest first (their subjects as the payload states them). */
export async function listMyCertificates({ caller, limit = 50 }: { caller: Caller; limit?: number }) {
  const rows = await db
    .select({
      id: s.impactCertificates.id,
      payload: s.impactCertificates.payload,
      issuedAt: s.impactCertificates.issuedAt,
    })
    .from(s.impactCertificates)
    .where(eq(s.impactCertificates.issuedBy, caller.id))
    .orderBy(desc(s.impactCertificates.issuedAt))
    .limit(limit);
  return rows.map((r) => ({
    id: r.id,
    issuedAt: r.issuedAt,
    subject: (JSON.parse(r.payload) as CertificatePayload).subject,
  }));
}

// ─── the PDF ─────────────────────────────────────────────────────────────────────────────

function figureLines(figures: PublicFigures, locale: Locale): PdfLine[] {
  const money = (v: FlooredFigure) => (v === "<5" ? translate(locale, "icert.withheld") : formatFen(v));
  const count = (v: FlooredFigure) => (v === "<5" ? translate(locale, "icert.withheld") : String(v));
  return [
    { kind: "row", label: translate(locale, "icert.total"), value: money(figures.totalFen) },
    ...INCOME_TYPES.map((type): PdfLine => ({
      kind: "row",
      label: `· ${INCOME_TYPE_LABELS[type][locale]}`,
      value: money(figures.byIncomeType[type]),
    })),
    { kind: "row", label: translate(locale, "icert.households"), value: count(figures.households) },
    { kind: "row", label: translate(locale, "icert.monitored"), value: count(figures.monitoredHouseholds) },
    { kind: "row", label: translate(locale, "icert.collectives"), value: String(figures.villageCollectives) },
    {
      kind: "row",
      label: translate(locale, "icert.villages"),
      value: figures.villages.length ? figures.villages.join("、") : translate(locale, "icert.none"),
    },
  ];
}

/** The text lines of a certificate's PDF: exactly what the signed payload states, nothing else. */
export function certificatePdfLines(
  payload: CertificatePayload,
  signature: string,
  locale: Locale,
): PdfLine[] {
  const subject =
    payload.subject.kind === "order"
      ? translate(locale, "icert.subject.order", {
          number: payload.subject.orderNumber,
          date: payload.subject.paidOn,
        })
      : translate(locale, "icert.subject.institution_year", {
          organisation: payload.subject.organisation,
          year: payload.subject.year,
        });
  return [
    { kind: "title", text: translate(locale, "icert.title") },
    { kind: "text", text: subject },
    { kind: "row", label: translate(locale, "icert.id"), value: payload.certificateId },
    {
      kind: "row",
      label: translate(locale, "icert.issuedAt"),
      value: formatShanghaiDateTime(payload.issuedAt),
    },
    ...figureLines(payload.figures, locale),
    { kind: "text", text: translate(locale, "icert.intro"), muted: true },
    { kind: "text", text: `${translate(locale, "icert.keyId")}: ${payload.keyId}`, muted: true },
    { kind: "text", text: `${translate(locale, "icert.signature")}: ${signature}`, muted: true },
  ];
}

/** The PDF of certificate `id` for its holder, or null when it is not theirs. */
export async function certificatePdf({
  caller,
  id,
  verifyUrl,
  locale,
}: {
  caller: Caller;
  id: string;
  verifyUrl: string;
  locale: Locale;
}): Promise<Uint8Array | null> {
  const certificate = await getCertificate({ caller, id });
  if (!certificate?.payload) return null;
  return renderLinesPdf({
    title: `${translate(locale, "icert.title")} ${id}`,
    lines: certificatePdfLines(certificate.payload, certificate.signature, locale),
    qrText: verifyUrl,
    qrCaption: translate(locale, "icert.qr"),
  });
}
