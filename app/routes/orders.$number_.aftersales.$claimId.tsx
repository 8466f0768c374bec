// The shopper's after-sales claim: every step with its time; accept or decline a proposal, withdraw.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ClaimPage } from "~/components/aftersales-claim";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import { addMessages, type MessageKey } from "~/lib/i18n";
import { invariantResponse } from "~/lib/invariant";
import { aftersalesMessages } from "~/lib/messages/aftersales";
import { getOrderViewer } from "~/lib/session.server";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { getClaimForViewer, respondToClaim } from "~/models/ordering/aftersales.server";
import { titleMeta } from "~/lib/seo";

addMessages(aftersalesMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "售后单", "After-sales claim"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const claim = await getClaimForViewer({
    orderNumber: params.number ?? "",
    claimId: params.claimId ?? "",
    viewer: await getOrderViewer(request),
  });
  invariantResponse(claim, "Not found", { status: 404 });
  return json({ claim });
}

const Respond = z.object({ intent: z.enum(["accept", "decline", "withdraw"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const form = await parseForm(request, Respond);
  if (!form.ok) return json({ error: "as.error.already_decided" as MessageKey }, { status: 400 });
  const orderNumber = params.number ?? "";
  const result = await respondToClaim({
    orderNumber,
    claimId: params.claimId ?? "",
    viewer: await getOrderViewer(request),
    action: form.data.intent,
  });
  if (!result.ok) {
    if (result.code === "not_found") throw new Response("Not found", { status: 404 });
    return json({ error: `as.error.${result.code}` as MessageKey }, { status: 409 });
  }
  return redirectWithToast(request, `/orders/${orderNumber}/aftersales/${result.claimId}`, "as.toast.done");
}

export default function ShopperClaim() {
  const { claim } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const open = ["awaiting_supplier", "proposed", "escalated"].includes(claim.status);
  const button = "rounded-lg px-4 py-2";
  return (
    <ClaimPage
      back={{ to: `/orders/${claim.orderNumber}`, label: t("as.claim.order", { number: claim.orderNumber }) }}
      claim={claim}
      error={actionData?.error}
    >
      {open && (
        <Form method="post" className="mt-6 flex flex-wrap gap-2">
          {claim.status === "proposed" && (
            <>
              <button
                name="intent"
                value="accept"
                className={`${button} bg-brand-600 text-white hover:bg-brand-700`}
              >
                {t("as.accept")}
              </button>
              <button name="intent" value="decline" className={`${button} ring-1 ring-stone-300`}>
                {t("as.decline")}
              </button>
            </>
          )}
          <button name="intent" value="withdraw" className={`${button} text-stone-600 ring-1 ring-stone-300`}>
            {t("as.withdraw")}
          </button>
        </Form>
      )}
    </ClaimPage>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
