// Supplier staff: one claim of their supplier (anything else is a 404); agree (refund or reship),
// propose an amount, or reject with a reason, before the deadline.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ClaimPage, RestockChoice } from "~/components/aftersales-claim";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { formatFen, parseYuan } from "~/lib/money";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { answerClaim, getClaimForStaff, type SupplierAnswer } from "~/models/ordering/aftersales.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "售后单", "After-sales claim"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const claim = await getClaimForStaff({ caller: user, claimId: params.claimId ?? "" });
  invariantResponse(claim, "Not found", { status: 404 });
  return json({ claim });
}

const Answer = z.object({
  intent: z.enum(["agree", "propose", "reject"]),
  amount: z.string().max(20).default(""),
  note: z.string().max(1000).default(""),
  carrier: z.string().max(100).default(""),
  trackingNumber: z.string().max(100).default(""),
  restock: z.literal("on").optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const form = await parseForm(request, Answer);
  if (!form.ok) return json({ error: "as.error.bad_note" as MessageKey }, { status: 400 });
  const d = form.data;
  let answer: SupplierAnswer;
  if (d.intent === "propose") {
    const amountFen = parseYuan(d.amount);
    if (amountFen === null) return json({ error: "as.error.bad_amount" as MessageKey }, { status: 400 });
    answer = { action: "propose", amountFen, note: d.note, restock: d.restock === "on" };
  } else if (d.intent === "reject") answer = { action: "reject", note: d.note };
  else
    answer = {
      action: "agree",
      carrier: d.carrier,
      trackingNumber: d.trackingNumber,
      restock: d.restock === "on",
    };
  const claimId = params.claimId ?? "";
  const result = await answerClaim({ caller: user, claimId, answer });
  if (!result.ok) {
    if (result.code === "not_found") throw new Response("Not found", { status: 404 });
    return json({ error: `as.error.${result.code}` as MessageKey }, { status: 409 });
  }
  return redirectWithToast(request, `/supplier/aftersales/${claimId}`, "as.toast.done");
}

export default function SupplierClaim() {
  const { claim } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const field = "mt-1 w-full rounded-lg border border-stone-300 px-3 py-2";
  const button = "rounded-lg px-4 py-2";
  return (
    <ClaimPage
      back={{ to: "/supplier/aftersales", label: t("as.list.title") }}
      claim={claim}
      error={actionData?.error}
    >
      {claim.status === "awaiting_supplier" && (
        <div className="mt-6 space-y-4">
          <Form method="post" className="space-y-2 rounded-xl p-3 ring-1 ring-stone-200">
            {claim.kind === "reshipment" && (
              <>
                <label className="block text-sm">
                  {t("as.carrier")}
                  <input name="carrier" className={field} />
                </label>
                <label className="block text-sm">
                  {t("as.trackingNumber")}
                  <input name="trackingNumber" className={field} />
                </label>
              </>
            )}
            <RestockChoice kind={claim.kind} />
            <button
              name="intent"
              value="agree"
              className={`${button} bg-brand-600 text-white hover:bg-brand-700`}
            >
              {claim.kind === "reshipment"
                ? t("as.agree")
                : t("as.agreeRefund", { amount: formatFen(claim.requestedFen) })}
            </button>
          </Form>
          <Form method="post" className="space-y-2 rounded-xl p-3 ring-1 ring-stone-200">
            <label className="block text-sm">
              {t("as.proposeAmount")} (≤ {formatFen(claim.remainingFen)})
              <input name="amount" inputMode="decimal" required className={field} />
            </label>
            <label className="block text-sm">
              {t("as.note")}
              <input name="note" maxLength={500} className={field} />
            </label>
            <RestockChoice kind={claim.kind} />
            <button name="intent" value="propose" className={`${button} ring-1 ring-stone-300`}>
              {t("as.propose")}
            </button>
          </Form>
          <Form method="post" className="space-y-2 rounded-xl p-3 ring-1 ring-stone-200">
            <label className="block text-sm">
              {t("as.rejectReason")}
              <input name="note" maxLength={500} required className={field} />
            </label>
            <button name="intent" value="reject" className={`${button} text-red-700 ring-1 ring-red-300`}>
              {t("as.reject")}
            </button>
          </Form>
        </div>
      )}
    </ClaimPage>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
