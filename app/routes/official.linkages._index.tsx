// Officials (and admins): the review queue of linkage agreements of the suppliers in their region,
// with approve / reject-with-reason forms per row, and termination of approved ones.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { LinkageHistory, LinkageTable, StatusTabs } from "~/components/linkage-table";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { pageHref } from "~/lib/paging";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";
import {
  decideLinkage,
  linkageHistory,
  parseLinkageStatus,
  reviewLinkagesPage,
  terminateLinkage,
} from "~/models/impact/linkages.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "利益联结协议审核", "Review agreements"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const url = new URL(request.url);
  const status = parseLinkageStatus(url.searchParams.get("status")) ?? "proposed";
  const historyId = url.searchParams.get("history");
  const list = await reviewLinkagesPage({ caller: user, status, page: url.searchParams.get("page") });
  const history = historyId ? await linkageHistory({ caller: user, id: historyId }) : null;
  return json({
    linkages: list.rows,
    page: list.page,
    pageCount: list.pageCount,
    status,
    history,
    query: url.searchParams.toString(),
  });
}

const ReviewForm = z.object({
  intent: z.enum(["approve", "reject", "terminate"]),
  id: z.string().trim().min(1).max(64),
  reason: z.string().trim().max(500).optional(),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const form = await parseForm(request, ReviewForm);
  if (!form.ok) return json({ error: "linkages.error.not_found" as MessageKey, id: null }, { status: 400 });
  const { intent, id, reason } = form.data;
  const result =
    intent === "terminate"
      ? await terminateLinkage({ caller: user, id, reason })
      : await decideLinkage({ caller: user, id, decision: intent, reason });
  if (!result.ok) {
    const status =
      result.code === "not_found"
        ? 404
        : result.code === "forbidden"
          ? 403
          : result.code === "reason_required"
            ? 400
            : 409;
    return json({ error: `linkages.error.${result.code}` as MessageKey, id }, { status });
  }
  const url = new URL(request.url);
  return redirectWithToast(
    request,
    url.pathname + url.search,
    intent === "terminate"
      ? "linkages.toast.terminated"
      : intent === "approve"
        ? "linkages.toast.approved"
        : "linkages.toast.rejected",
  );
}

export default function ReviewLinkagesPage() {
  const { linkages, page, pageCount, status, history, query } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("linkages.review.title")}</h1>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <StatusTabs current={status} allowAll={false} />
      {history && <LinkageHistory events={history} />}
      <LinkageTable
        rows={linkages}
        showSupplier
        historyHref={(id) =>
          `?${new URLSearchParams({ status, history: id, ...(page > 1 ? { page: String(page) } : {}) })}`
        }
        actions={(row) =>
          row.status === "proposed" ? (
            <div className="mt-2 space-y-2">
              <Form method="post">
                <input type="hidden" name="id" value={row.id} />
                <button
                  type="submit"
                  name="intent"
                  value="approve"
                  className="rounded bg-brand-600 px-3 py-1 text-white hover:bg-brand-700"
                >
                  {t("linkages.approve")}
                </button>
              </Form>
              <Form method="post" className="flex flex-col gap-1">
                <input type="hidden" name="id" value={row.id} />
                <label htmlFor={`reason-${row.id}`} className="text-xs text-stone-600">
                  {t("linkages.rejectReason")}
                </label>
                <input
                  id={`reason-${row.id}`}
                  name="reason"
                  required
                  maxLength={500}
                  className="rounded border border-stone-300 px-2 py-1"
                />
                <button
                  type="submit"
                  name="intent"
                  value="reject"
                  className="rounded border border-red-300 px-3 py-1 text-red-700 hover:bg-red-50"
                >
                  {t("linkages.reject")}
                </button>
              </Form>
            </div>
          ) : row.status === "approved" ? (
            <Form method="post" className="mt-2">
              <input type="hidden" name="id" value={row.id} />
              <button
                type="submit"
                name="intent"
                value="terminate"
                className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50"
              >
                {t("linkages.terminate")}
              </button>
            </Form>
          ) : null
        }
      />
      <Pagination page={page} pageCount={pageCount} href={(p) => pageHref(query, p)} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
