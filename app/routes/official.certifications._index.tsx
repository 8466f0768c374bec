// Officials (and admins): the certification queue of the suppliers in their region. Per row, the
// next step as a plain form: start review, put under public notice (dates), certify (certificate
// number, issuer, validity), reject or revoke with a reason. Above it, changes of price or name on
// certified products waiting to be reviewed ("变更待复核").
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import type { InputHTMLAttributes, ReactNode } from "react";
import { z } from "zod";
import { StatusBadge } from "~/components/status-badge";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime, shanghaiDate } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import {
  addDays,
  DEFAULT_ISSUER,
  DEFAULT_NOTICE_DAYS,
  decideCertification,
  listCertificationsForReview,
  listPendingCertifiedChanges,
  markCertifiedChangeReviewed,
  parseCertificationStatus,
  type Decision,
} from "~/models/catalog/certifications.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "认定审核", "Certification review"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;
const TABS = [null, "certified", "rejected", "revoked", "expired"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const status = parseCertificationStatus(new URL(request.url).searchParams.get("status"));
  const [certifications, changes] = await Promise.all([
    listCertificationsForReview({ caller: user, status }),
    listPendingCertifiedChanges({ caller: user }),
  ]);
  const today = shanghaiDate(new Date());
  return json({
    certifications,
    changes,
    status,
    today,
    noticeEnd: addDays(today, DEFAULT_NOTICE_DAYS - 1),
    validUntil: addDays(addDays(today, 365), -1),
    issuer: DEFAULT_ISSUER,
  });
}

const id = z.string().trim().min(1).max(64);
const day = z.string().trim().max(10).optional();
const ReviewForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("start_review"), id }),
  z.object({ intent: z.literal("notice"), id, noticeStartsOn: day, noticeEndsOn: day }),
  z.object({
    intent: z.literal("approve"),
    id,
    certificateNo: z.string().max(64),
    issuer: z.string().max(200).optional(),
    validFrom: day,
    validUntil: day,
  }),
  z.object({ intent: z.literal("reject"), id, reason: z.string().max(2000) }),
  z.object({ intent: z.literal("revoke"), id, reason: z.string().max(2000) }),
  z.object({ intent: z.literal("mark_reviewed"), id: z.coerce.number().int().positive() }),
]);

function decisionOf(form: z.infer<typeof ReviewForm>): Decision | null {
  switch (form.intent) {
    case "start_review":
      return { kind: "start_review" };
    case "notice":
      return { kind: "notice", startsOn: form.noticeStartsOn, endsOn: form.noticeEndsOn };
    case "approve":
      return {
        kind: "approve",
        certificateNo: form.certificateNo,
        issuer: form.issuer,
        validFrom: form.validFrom,
        validUntil: form.validUntil,
      };
    case "reject":
    case "revoke":
      return { kind: form.intent, reason: form.reason };
    default:
      return null;
  }
}

const CONFLICTS = ["already_decided", "already_reviewed", "certificate_no_taken"];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const form = await parseForm(request, ReviewForm);
  if (!form.ok) return json({ error: "cert.error.not_found" as MessageKey, id: null }, { status: 400 });
  const decision = decisionOf(form.data);
  const result = decision
    ? await decideCertification({ caller: user, id: String(form.data.id), decision })
    : await markCertifiedChangeReviewed({ caller: user, entryId: Number(form.data.id) });
  if (!result.ok)
    return json(
      { error: `cert.error.${result.code}` as MessageKey, id: String(form.data.id) },
      { status: refusalStatus(result.code, CONFLICTS) },
    );
  const url = new URL(request.url);
  return redirectWithToast(
    request,
    url.pathname + url.search,
    decision ? "cert.toast.decided" : "cert.toast.reviewed",
  );
}

type Side = { name?: string; spec?: string; priceFen?: number } | undefined;

/** "old → new" for a name or price change (the catalogue writes before/after); raw pairs otherwise. */
function describeChange(details: Record<string, unknown>): string {
  const before = details.before as Side;
  const after = details.after as Side;
  if (typeof before?.name === "string" && typeof after?.name === "string")
    return `${before.name} → ${after.name}`;
  if (typeof before?.priceFen === "number" && typeof after?.priceFen === "number") {
    return `${before.spec ?? ""} ${formatFen(before.priceFen)} → ${formatFen(after.priceFen)}`.trim();
  }
  return Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join("; ");
}

const input = "mt-1 w-full rounded border border-stone-300 px-2 py-1";
const primary = "rounded bg-brand-600 px-3 py-1 text-white hover:bg-brand-700";
const danger = "rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50";

function Field({
  label,
  name,
  rowId,
  ...rest
}: { label: string; name: string; rowId: string } & InputHTMLAttributes<HTMLInputElement>) {
  const fieldId = `${name}-${rowId}`;
  return (
    <div>
      <label htmlFor={fieldId} className="block text-xs text-stone-600">
        {label}
      </label>
      <input id={fieldId} name={name} className={input} {...rest} />
    </div>
  );
}

function ReasonForm({ rowId, intent, label }: { rowId: string; intent: "reject" | "revoke"; label: string }) {
  const t = useT();
  return (
    <Form method="post" className="space-y-1">
      <input type="hidden" name="id" value={rowId} />
      <Field
        label={t("cert.review.reasonLabel")}
        name="reason"
        rowId={`${intent}-${rowId}`}
        required
        maxLength={500}
      />
      <button type="submit" name="intent" value={intent} className={danger}>
        {label}
      </button>
    </Form>
  );
}

export default function CertificationReviewPage() {
  const { certifications, changes, status, today, noticeEnd, validUntil, issuer } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const errorFor = (rowId: string): ReactNode =>
    actionData?.error && actionData.id === rowId ? (
      <p role="alert" className="mb-2 rounded bg-red-50 p-2 text-sm text-red-800 ring-1 ring-red-200">
        {t(actionData.error)}
      </p>
    ) : null;
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("cert.review.title")}</h1>
      {actionData?.error && actionData.id === null && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}

      {changes.length > 0 && (
        <section
          aria-labelledby="changes-title"
          className="mt-6 rounded-xl bg-amber-50 p-4 ring-1 ring-amber-200"
        >
          <h2 id="changes-title" className="text-lg font-semibold">
            {t("cert.changes.title")} ({changes.length})
          </h2>
          <p className="text-sm text-stone-700">{t("cert.changes.intro")}</p>
          <ul className="mt-3 space-y-2">
            {changes.map((c) => (
              <li
                key={c.entryId}
                className="flex flex-wrap items-center justify-between gap-2 rounded bg-white p-3 ring-1 ring-stone-200"
              >
                <div>
                  {errorFor(String(c.entryId))}
                  <p className="font-medium">
                    {c.productName} · {c.supplierName}
                  </p>
                  <p className="text-sm text-stone-600">
                    {t("cert.changes.by", {
                      name: c.actorName ?? t("audit.system"),
                      at: formatShanghaiDateTime(c.at),
                    })}{" "}
                    · {describeChange(c.details)}
                  </p>
                </div>
                <Form method="post">
                  <input type="hidden" name="id" value={c.entryId} />
                  <button type="submit" name="intent" value="mark_reviewed" className={primary}>
                    {t("cert.changes.markReviewed")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </section>
      )}

      <nav aria-label={t("cert.col.status")} className="mt-6 flex flex-wrap gap-2 text-sm">
        {TABS.map((tab) => {
          const current = (status === null && tab === null) || status === tab;
          return (
            <Link
              key={tab ?? "open"}
              to={tab ? `?status=${tab}` : "?"}
              aria-current={current ? "page" : undefined}
              className={`rounded-full px-3 py-1 ring-1 ${current ? "bg-brand-600 text-white ring-brand-600" : "bg-white ring-stone-300 hover:ring-brand-600"}`}
            >
              {tab ? t(`cert.status.${tab}`) : t("cert.review.open")}
            </Link>
          );
        })}
      </nav>

      {certifications.length === 0 ? (
        <p className="mt-6 text-stone-600">{t("cert.empty")}</p>
      ) : (
        <ul className="mt-4 space-y-3">
          {certifications.map((c) => (
            <li
              key={c.id}
              className="rounded-xl bg-white p-4 ring-1 ring-stone-200"
              data-certification={c.id}
            >
              {errorFor(c.id)}
              <div className="flex flex-wrap items-baseline justify-between gap-2">
                <h2 className="font-semibold">
                  {t(`cert.subject.${c.subject}`)} · {c.productName ?? c.supplierName}
                </h2>
                <StatusBadge size="sm">{t(`cert.status.${c.stage}`)}</StatusBadge>
              </div>
              <p className="text-sm text-stone-600">
                {c.supplierName} · {c.townName} ·{" "}
                {t("cert.appliedOn", { date: formatShanghaiDateTime(c.appliedAt) })}
              </p>
              {c.noticeStartsOn && c.noticeEndsOn && (
                <p className="text-sm text-stone-600">
                  {t("cert.notice", { from: c.noticeStartsOn, to: c.noticeEndsOn })}
                </p>
              )}
              {c.certificateNo && (
                <p className="text-sm">
                  {t("cert.certificateNo")}: {c.certificateNo} · {c.issuer} ·{" "}
                  {t("cert.valid", { from: c.validFrom ?? "—", to: c.validUntil ?? "—" })}
                </p>
              )}
              {c.rejectionReason && (
                <p className="text-sm text-red-800">{t("cert.reason", { reason: c.rejectionReason })}</p>
              )}
              {c.documents.length > 0 && (
                <ul className="mt-1 flex flex-wrap gap-2 text-sm">
                  {c.documents.map((d, i) => (
                    <li key={i}>
                      <a
                        href={`/official/certifications/${c.id}/documents/${i}`}
                        className="text-brand-700 underline"
                      >
                        {t("cert.download")} {d.name}
                      </a>
                    </li>
                  ))}
                </ul>
              )}

              <div className="mt-3 grid gap-4 md:grid-cols-2">
                {c.status === "applied" && (
                  <Form method="post">
                    <input type="hidden" name="id" value={c.id} />
                    <button type="submit" name="intent" value="start_review" className={primary}>
                      {t("cert.review.startReview")}
                    </button>
                  </Form>
                )}
                {c.status === "under_review" && (
                  <Form method="post" className="space-y-1">
                    <input type="hidden" name="id" value={c.id} />
                    <div className="grid grid-cols-2 gap-2">
                      <Field
                        label={t("cert.review.noticeStartsOn")}
                        name="noticeStartsOn"
                        rowId={c.id}
                        type="date"
                        defaultValue={today}
                      />
                      <Field
                        label={t("cert.review.noticeEndsOn")}
                        name="noticeEndsOn"
                        rowId={c.id}
                        type="date"
                        defaultValue={noticeEnd}
                      />
                    </div>
                    <p className="text-xs text-stone-500">{t("cert.review.noticeHint")}</p>
                    <button type="submit" name="intent" value="notice" className={primary}>
                      {t("cert.review.notice")}
                    </button>
                  </Form>
                )}
                {c.status === "public_notice" && (
                  <Form method="post" className="space-y-1">
                    <input type="hidden" name="id" value={c.id} />
                    <Field
                      label={t("cert.certificateNo")}
                      name="certificateNo"
                      rowId={c.id}
                      required
                      maxLength={64}
                    />
                    <Field
                      label={t("cert.issuer")}
                      name="issuer"
                      rowId={c.id}
                      defaultValue={issuer}
                      maxLength={200}
                    />
                    <div className="grid grid-cols-2 gap-2">
                      <Field
                        label={t("cert.validFrom")}
                        name="validFrom"
                        rowId={c.id}
                        type="date"
                        defaultValue={today}
                      />
                      <Field
                        label={t("cert.validUntil")}
                        name="validUntil"
                        rowId={c.id}
                        type="date"
                        defaultValue={validUntil}
                      />
                    </div>
                    <p className="text-xs text-stone-500">{t("cert.review.approveHint")}</p>
                    <button type="submit" name="intent" value="approve" className={primary}>
                      {t("cert.review.approve")}
                    </button>
                  </Form>
                )}
                {(c.status === "applied" || c.status === "under_review" || c.status === "public_notice") && (
                  <ReasonForm rowId={c.id} intent="reject" label={t("cert.review.reject")} />
                )}
                {c.status === "certified" && (
                  <ReasonForm rowId={c.id} intent="revoke" label={t("cert.review.revoke")} />
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
