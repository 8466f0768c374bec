// The linkage pages as signed-in users posting forms: supplier A cannot reach supplier B's
// agreements through a tampered id, town officials decide only their own town's, rejections need a reason.
import { readdir } from "node:fs/promises";
import path from "node:path";
import { and, count, eq, ne } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { db, schema as s } from "~/lib/db.server";
import { REGISTRY_LOOKUPS_PER_HOUR, resetRegistryLookups } from "~/lib/lookup-throttle.server";
import { decryptPii } from "../../core/pii";
import { uploadDir } from "~/lib/uploads.server";
import { seedDatabase } from "../../db/seed";
import { call, CookieJar, formRequest, getRequest } from "../../tests/support/requests";
import { loader as evidenceLoader } from "./linkages.$id.evidence";
import { action as reviewAction, loader as reviewLoader } from "./official.linkages._index";
import { action as listAction, loader as listLoader } from "./supplier.linkages._index";
import { action as newAction } from "./supplier.linkages.new";
import { signIn } from "../../tests/support/factories";

let staffA: CookieJar,
  staffB: CookieJar,
  townOfficialA: CookieJar,
  townOfficialB: CookieJar,
  district: CookieJar,
  admin: CookieJar,
  customer: CookieJar;
let registryCodeA: string;
let supplierBId: string;

beforeAll(async () => {
  await seedDatabase(db, { piiKey: process.env.PII_KEY!, households: 100 });
  [staffA, staffB, townOfficialA, townOfficialB, district, admin, customer] = await Promise.all(
    [
      "13800000004",
      "13800000005",
      "13800000007",
      "13800000008",
      "13800000006",
      "13800000009",
      "13800000001",
    ].map(signIn),
  );
  const [a] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
  const [b] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000005"));
  supplierBId = b.supplierId!;
  const [supplier] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, a.supplierId!));
  registryCodeA = (
    await db.select().from(s.households).where(eq(s.households.townId, supplier.townId)).limit(1)
  )[0].registryCode;
});

const proposal = () => ({
  beneficiaryType: "household",
  householdLookup: registryCodeA,
  mechanism: "employment",
  weight: "2",
  validFrom: "2026-03-01",
  validUntil: "",
  productId: "",
  evidence: "用工花名册 2026-03，日工资 120 元",
});

type RouteAction = (args: { request: Request; params: {}; context: {} }) => Promise<Response>;
const post = (fn: RouteAction, path: string, fields: Record<string, string>, jar: CookieJar) =>
  call(() => fn({ request: formRequest(path, fields, jar), params: {}, context: {} }));
const linkageCount = async () => (await db.select({ n: count() }).from(s.linkages))[0].n;

describe("linkage pages", () => {
  it("supplier A proposes by form; the list shows it; field errors come back as 400 and write nothing", async () => {
    const before = await linkageCount();
    const response = await post(newAction, "/supplier/linkages/new", proposal(), staffA);
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/supplier/linkages");
    expect(await linkageCount()).toBe(before + 1);

    for (const change of [
      { weight: "0" },
      { evidence: "" },
      { validUntil: "2026-02-01" },
      { householdLookup: "" },
      { mechanism: "x" },
    ]) {
      const bad = await post(newAction, "/supplier/linkages/new", { ...proposal(), ...change }, staffA);
      expect(bad.status).toBe(400);
    }
    // Another supplier's product, through the form: refused by the model.
    const [productB] = await db
      .select()
      .from(s.products)
      .where(eq(s.products.supplierId, supplierBId))
      .limit(1);
    const tampered = await post(
      newAction,
      "/supplier/linkages/new",
      { ...proposal(), productId: productB.id },
      staffA,
    );
    expect(tampered.status).toBe(400);
    expect(
      ((await tampered.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.productId,
    ).toEqual(["product_not_found"]);
    expect(await linkageCount()).toBe(before + 1);
  });

  it("a form post carrying supplier B's linkage id changes nothing, and B's rows never show to A", async () => {
    const [theirs] = await db
      .select()
      .from(s.linkages)
      .where(eq(s.linkages.supplierId, supplierBId))
      .limit(1);
    await db.update(s.linkages).set({ status: "approved" }).where(eq(s.linkages.id, theirs.id));
    const response = await post(
      listAction,
      "/supplier/linkages",
      { intent: "terminate", id: theirs.id },
      staffA,
    );
    expect(response.status).toBe(404);
    const [after] = await db.select().from(s.linkages).where(eq(s.linkages.id, theirs.id));
    expect(after).toEqual({ ...theirs, status: "approved" });

    const page = await call(() =>
      listLoader({
        request: getRequest(`/supplier/linkages?history=${theirs.id}`, staffA),
        params: {},
        context: {},
      }),
    );
    const body = (await page.json()) as { linkages: { id: string }[]; history: unknown };
    expect(body.linkages.map((l) => l.id)).not.toContain(theirs.id);
    expect(body.history).toBeNull();
    // B itself can terminate it.
    expect(
      (await post(listAction, "/supplier/linkages", { intent: "terminate", id: theirs.id }, staffB)).status,
    ).toBe(303);
  });

  it("officials: town B cannot decide town A's proposal; reject needs a reason; town A approves", async () => {
    await post(newAction, "/supplier/linkages/new", proposal(), staffA);
    const latest = (
      await db.select().from(s.linkages).where(eq(s.linkages.evidence, proposal().evidence))
    ).at(-1)!;
    expect(latest.status).toBe("proposed");

    expect(
      (await post(reviewAction, "/official/linkages", { intent: "approve", id: latest.id }, townOfficialB))
        .status,
    ).toBe(404);
    expect(
      (
        await post(
          reviewAction,
          "/official/linkages",
          { intent: "reject", id: latest.id, reason: "" },
          townOfficialA,
        )
      ).status,
    ).toBe(400);
    expect((await db.select().from(s.linkages).where(eq(s.linkages.id, latest.id)))[0].status).toBe(
      "proposed",
    );

    const queue = await call(() =>
      reviewLoader({ request: getRequest("/official/linkages", townOfficialA), params: {}, context: {} }),
    );
    expect(((await queue.json()) as { linkages: { id: string }[] }).linkages.map((l) => l.id)).toContain(
      latest.id,
    );

    expect(
      (await post(reviewAction, "/official/linkages", { intent: "approve", id: latest.id }, townOfficialA))
        .status,
    ).toBe(303);
    expect((await db.select().from(s.linkages).where(eq(s.linkages.id, latest.id)))[0].status).toBe(
      "approved",
    );
    const again = await post(
      reviewAction,
      "/official/linkages",
      { intent: "reject", id: latest.id, reason: "重复" },
      townOfficialA,
    );
    expect(again.status).toBe(409);
    expect(((await again.json()) as { error: string }).error).toBe("linkages.error.already_decided");
  });

  it("guards by role: a supplier cannot open the review queue, an official cannot propose", async () => {
    expect(
      (
        await call(() =>
          reviewLoader({ request: getRequest("/official/linkages", staffA), params: {}, context: {} }),
        )
      ).status,
    ).toBe(403);
    expect((await post(newAction, "/supplier/linkages/new", proposal(), townOfficialA)).status).toBe(403);
    expect(
      (await call(() => listLoader({ request: getRequest("/supplier/linkages"), params: {}, context: {} })))
        .status,
    ).toBe(303);
  });
});

// Issue 15 item 12, through the form as a browser posts it.
describe("household lookup on the proposal form", () => {
  const postFrom = (fields: Record<string, string>, jar: CookieJar, clientIp: string) =>
    call(() =>
      newAction({
        request: formRequest("/supplier/linkages/new", fields, jar),
        params: {},
        context: { clientIp },
      }),
    );

  it("refuses an unknown product on productId whoever the ID number names, audits each lookup with the address, and answers 429 past the limit", async () => {
    await resetRegistryLookups();
    const [a] = await db.select().from(s.users).where(eq(s.users.mobile, "13800000004"));
    const [supplier] = await db.select().from(s.suppliers).where(eq(s.suppliers.id, a.supplierId!));
    const [inTown] = await db
      .select()
      .from(s.households)
      .where(eq(s.households.townId, supplier.townId))
      .limit(1);
    const [elsewhere] = await db
      .select()
      .from(s.households)
      .where(ne(s.households.townId, supplier.townId))
      .limit(1);
    const ids = [
      decryptPii(inTown.idCardCipher, process.env.PII_KEY!),
      decryptPii(elsewhere.idCardCipher, process.env.PII_KEY!),
      "110101199003077777",
    ];
    const before = await linkageCount();
    for (const householdLookup of ids) {
      const response = await postFrom(
        { ...proposal(), householdLookup, productId: "4b0f7b8e-0000-4000-8000-000000000001" },
        staffA,
        "198.51.100.23",
      );
      expect(response.status).toBe(400);
      expect(((await response.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({
        productId: ["product_not_found"],
      });
    }
    // With a valid form, an out-of-area household and an unknown number read the same.
    const answers = [];
    for (const householdLookup of ids.slice(1))
      answers.push(
        await (await postFrom({ ...proposal(), householdLookup }, staffA, "198.51.100.23")).json(),
      );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].fieldErrors).toEqual({ householdLookup: ["beneficiary_not_found"] });
    const audited = await db
      .select()
      .from(s.auditLog)
      .where(
        and(
          eq(s.auditLog.action, "linkage.household_lookup"),
          eq(s.auditLog.actorId, a.id),
          eq(s.auditLog.ip, "198.51.100.23"),
        ),
      );
    expect(audited.map((e) => (e.details as { found: boolean }).found)).toEqual([false, false]);
    expect(JSON.stringify(audited)).not.toMatch(new RegExp(ids.join("|")));
    for (let i = 2; i < REGISTRY_LOOKUPS_PER_HOUR; i++)
      await postFrom({ ...proposal(), householdLookup: "110101199003077777" }, staffA, "198.51.100.23");
    const limited = await postFrom(proposal(), staffA, "198.51.100.23");
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors).toEqual({
      householdLookup: ["lookup_rate_limited"],
    });
    expect(await linkageCount()).toBe(before);
    await resetRegistryLookups();
  });
});

describe("linkage evidence file", () => {
  const PDF = new TextEncoder().encode("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");
  function multipart(fields: Record<string, string>, file: File | null, jar: CookieJar) {
    const form = new FormData();
    for (const [k, v] of Object.entries(fields)) form.set(k, v);
    form.set("evidenceFile", file ?? new File([], "", { type: "application/octet-stream" }));
    return call(() =>
      newAction({
        request: new Request("http://localhost/supplier/linkages/new", {
          method: "POST",
          body: form,
          headers: { Cookie: jar.header() },
        }),
        params: {},
        context: {},
      }),
    );
  }
  const evidenceFiles = async () =>
    (await readdir(path.join(uploadDir(), "linkages")).catch(() => [] as string[])).filter(
      (n) => !n.endsWith(".part"),
    );
  const download = (id: string, jar: CookieJar) =>
    call(() =>
      evidenceLoader({ request: getRequest(`/linkages/${id}/evidence`, jar), params: { id }, context: {} }),
    );

  it("a PDF is stored with the proposal; its supplier, town A, the district and an admin download it; B, town B and a customer do not", async () => {
    const evidence = "证据文件测试 合同 2026-05";
    const response = await multipart(
      { ...proposal(), evidence },
      new File([PDF], "../合同.pdf", { type: "application/pdf" }),
      staffA,
    );
    expect(response.status).toBe(303);
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.evidence, evidence));
    expect(row.evidencePath).toMatch(/^linkages\/[0-9a-f]{24}\.pdf$/);

    for (const jar of [staffA, townOfficialA, district, admin]) {
      const file = await download(row.id, jar);
      expect(file.status).toBe(200);
      expect(file.headers.get("Content-Type")).toBe("application/pdf");
      expect(file.headers.get("Content-Disposition")).toMatch(/^attachment; filename\*=UTF-8''/);
      expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    }
    expect((await download(row.id, staffB)).status).toBe(404);
    expect((await download(row.id, townOfficialB)).status).toBe(404);
    expect((await download(row.id, customer)).status).toBe(403);
    expect(
      (
        await call(() =>
          evidenceLoader({
            request: getRequest(`/linkages/${row.id}/evidence`),
            params: { id: row.id },
            context: {},
          }),
        )
      ).status,
    ).toBe(303);
    expect((await download("not-a-uuid", staffA)).status).toBe(404);

    // The review queue and the supplier's list flag the file.
    const queue = await call(() =>
      reviewLoader({ request: getRequest("/official/linkages", townOfficialA), params: {}, context: {} }),
    );
    const listed = ((await queue.json()) as { linkages: { id: string; hasEvidenceFile: boolean }[] })
      .linkages;
    expect(listed.find((l) => l.id === row.id)?.hasEvidenceFile).toBe(true);
  });

  it("the multipart form without a file still proposes (no path); a proposal without a file downloads as 404", async () => {
    const evidence = "无文件的多部分表单";
    expect((await multipart({ ...proposal(), evidence }, null, staffA)).status).toBe(303);
    const [row] = await db.select().from(s.linkages).where(eq(s.linkages.evidence, evidence));
    expect(row.evidencePath).toBeNull();
    expect((await download(row.id, staffA)).status).toBe(404);
  });

  it("bad files are refused with a message on the field, and neither a row nor a file is written", async () => {
    const [rowsBefore, filesBefore] = [await linkageCount(), (await evidenceFiles()).length];
    const cases: [File, number, string][] = [
      [
        new File(["#!/bin/sh\nrm -rf /\n"], "证据.pdf", { type: "application/pdf" }),
        400,
        "evidence_file_type",
      ],
      [new File(["<svg onload=alert(1)>"], "scan.png", { type: "image/png" }), 400, "evidence_file_type"],
      [new File([], "empty.pdf", { type: "application/pdf" }), 400, "evidence_file_empty"],
      [
        new File([PDF, new Uint8Array(10 * 1024 * 1024)], "big.pdf", { type: "application/pdf" }),
        413,
        "evidence_file_too_large",
      ],
    ];
    for (const [file, status, code] of cases) {
      const response = await multipart(proposal(), file, staffA);
      expect(response.status).toBe(status);
      expect(
        ((await response.json()) as { fieldErrors: Record<string, string[]> }).fieldErrors.evidenceFile,
      ).toEqual([code]);
    }
    // A good file with a bad field (another supplier's household) stores nothing either.
    expect(
      (await multipart({ ...proposal(), householdLookup: "NOSUCHCODE" }, new File([PDF], "a.pdf"), staffA))
        .status,
    ).toBe(400);
    expect(await linkageCount()).toBe(rowsBefore);
    expect((await evidenceFiles()).length).toBe(filesBefore);
  });
});
