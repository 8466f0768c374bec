// Supplier staff: their own supplier's linkage agreements, with status, history and termination.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { LinkageHistory, LinkageTable, StatusTabs } from "~/components/linkage-table";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";
import {
  linkageHistory,
  listLinkagesForSupplier,
  parseLinkageStatus,
  terminateLinkage,
} from "~/models/impact/linkages.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "利益联结协议", "Benefit-linkage agreements"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const url = new URL(request.url);
  const status = parseLinkageStatus(url.searchParams.get("status"));
  const historyId = url.searchParams.get("history");
  const linkages = await listLinkagesForSupplier({ caller: user, status: status ?? undefined });
  const history = historyId ? await linkageHistory({ caller: user, id: historyId }) : null;
  return json({ linkages, status, history });
}

const TerminateForm = z.object({
  intent: z.literal("terminate"),
  id: z.string().trim().min(1).max(64),
  reason: z.string().trim().max(500).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const form = await parseForm(request, TerminateForm);
  if (!form.ok) return json({ error: "linkages.error.not_found" as MessageKey }, { status: 400 });
  const result = await terminateLinkage({ caller: user, id: form.data.id, reason: form.data.reason });
  if (!result.ok)
    return json(
      { error: `linkages.error.${result.code}` as MessageKey },
      { status: result.code === "not_found" ? 404 : 409 },
    );
  return redirectWithToast(
    request,
    new URL(request.url).pathname + new URL(request.url).search,
    "linkages.toast.terminated",
  );
}

export default function SupplierLinkagesPage() {
  const { linkages, status, history } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold">{t("linkages.title")}</h1>
        <Link
          to="/supplier/linkages/new"
          className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
        >
          {t("linkages.new")}
        </Link>
      </div>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <StatusTabs current={status} allowAll />
      {history && <LinkageHistory events={history} />}
      <LinkageTable
        rows={linkages}
        showSupplier={false}
        historyHref={(id) => `?${new URLSearchParams({ ...(status ? { status } : {}), history: id })}`}
        actions={(row) =>
          row.status === "approved" ? (
            <Form method="post" className="mt-2">
              <input type="hidden" name="intent" value="terminate" />
              <input type="hidden" name="id" value={row.id} />
              <button
                type="submit"
                className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50"
              >
                {t("linkages.terminate")}
              </button>
            </Form>
          ) : null
        }
      />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
