// The platform (admins): one claim; an escalated one is decided here — refund an amount or reject.
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
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { decideClaim, getClaimForStaff } from "~/models/ordering/aftersales.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "售后裁定", "After-sales decisions"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.aftersales);
  const claim = await getClaimForStaff({ caller: user, claimId: params.claimId ?? "" });
  invariantResponse(claim, "Not found", { status: 404 });
  return json({ claim });
}

const Decide = z.object({
  intent: z.enum(["refund", "reject"]),
  amount: z.string().max(20).default(""),
  note: z.string().max(1000).default(""),
  restock: z.literal("on").optional(),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.aftersales);
  const form = await parseForm(request, Decide);
  if (!form.ok) return json({ error: "as.error.bad_note" as MessageKey }, { status: 400 });
  const amountFen = form.data.intent === "refund" ? parseYuan(form.data.amount) : null;
  if (form.data.intent === "refund" && amountFen === null)
    return json({ error: "as.error.bad_amount" as MessageKey }, { status: 400 });
  const claimId = params.claimId ?? "";
  const result = await decideClaim({
    caller: user,
    claimId,
    decision: form.data.intent,
    amountFen,
    note: form.data.note,
    restock: form.data.restock === "on",
  });
  if (!result.ok) {
    if (result.code === "not_found") throw new Response("Not found", { status: 404 });
    return json({ error: `as.error.${result.code}` as MessageKey }, { status: 409 });
  }
  return redirectWithToast(request, `/official/aftersales/${claimId}`, "as.toast.done");
}

export default function DecideClaim() {
  const { claim } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const field = "mt-1 w-full rounded-lg border border-stone-300 px-3 py-2";
  const button = "rounded-lg px-4 py-2";
  return (
    <ClaimPage
      back={{ to: "/official/aftersales", label: t("as.list.escalated") }}
      claim={claim}
      error={actionData?.error}
    >
      {claim.status === "escalated" && (
        <div className="mt-6 space-y-4">
          <h2 className="font-semibold">{t("as.decide")}</h2>
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
            <button
              name="intent"
              value="refund"
              className={`${button} bg-brand-600 text-white hover:bg-brand-700`}
            >
              {t("as.decideRefund")}
            </button>
          </Form>
          <Form method="post" className="space-y-2 rounded-xl p-3 ring-1 ring-stone-200">
            <label className="block text-sm">
              {t("as.rejectReason")}
              <input name="note" maxLength={500} required className={field} />
            </label>
            <button name="intent" value="reject" className={`${button} text-red-700 ring-1 ring-red-300`}>
              {t("as.decideReject")}
            </button>
          </Form>
        </div>
      )}
    </ClaimPage>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
