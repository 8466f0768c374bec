// Officials: the suppliers of their scope with their status; the district (or an admin) warns,
// suspends, reinstates or closes one, always with a reason (dynamic management, issue 18).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pagination } from "~/components/pagination";
import { parseForm } from "~/lib/form";
import { pageHref } from "~/lib/paging";
import { localized, type MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { MAX_MESSAGE, STANDING_ACTIONS } from "~/models/onboarding/onboarding-rules";
import { changeStanding, listSuppliersForStanding } from "~/models/onboarding/standing.server";
import { titleMeta } from "~/lib/seo";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "供应商动态管理", "Supplier standing"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.suppliers);
  const url = new URL(request.url);
  const list = await listSuppliersForStanding({
    caller: user,
    page: url.searchParams.get("page"),
    q: url.searchParams.get("q"),
  });
  return json({
    suppliers: list?.suppliers ?? [],
    page: list?.page ?? 1,
    pageCount: list?.pageCount ?? 1,
    mayDecide: list?.mayDecide ?? false,
    q: list?.q ?? "",
    query: url.searchParams.toString(),
  });
}

const StandingForm = z.object({
  supplierId: z.string().trim().max(64),
  action: z.enum(STANDING_ACTIONS),
  reason: z.string().trim().max(MAX_MESSAGE).optional().default(""),
});

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.suppliers);
  const form = await parseForm(request, StandingForm);
  if (!form.ok) return json({ error: "not_found", supplierId: null }, { status: 400 });
  const result = await changeStanding({ caller: user, ...form.data });
  if (!result.ok) {
    const status = refusalStatus(result.code, ["wrong_status"]);
    return json({ error: result.code, supplierId: form.data.supplierId }, { status });
  }
  const url = new URL(request.url);
  return redirectWithToast(request, url.pathname + url.search, "onboarding.toast.standing");
}

export default function SupplierStandingPage() {
  const { suppliers, page, pageCount, q, query, mayDecide } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.standing.title")}</h1>
      {!mayDecide && <p className="mt-2 text-stone-600">{t("onboarding.standing.districtOnly")}</p>}
      <Form method="get" role="search" className="mt-4 flex max-w-md gap-2">
        <label htmlFor="supplier-q" className="sr-only">
          {t("onboarding.standing.search")}
        </label>
        <input
          id="supplier-q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={50}
          placeholder={t("onboarding.standing.search")}
          className="min-w-0 flex-1 rounded-lg border border-stone-300 px-3 py-2 text-base"
        />
        <button type="submit" className="rounded-lg border border-stone-300 px-3 py-2 hover:bg-stone-100">
          {t("onboarding.standing.searchButton")}
        </button>
      </Form>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`onboarding.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      <DataTable
        className="mt-4"
        tableClassName="min-w-[44rem]"
        headers={[
          { label: t("onboarding.col.name") },
          { label: t("onboarding.col.town") },
          { label: t("onboarding.standing.current") },
          { label: t("onboarding.standing.last") },
          ...(mayDecide ? [{ label: t("onboarding.standing.action") }] : []),
        ]}
      >
        {suppliers.map((sup) => (
          <tr key={sup.id} data-testid={`supplier-${sup.slug}`}>
            <td className="px-3 py-2">
              <Link to={`/suppliers/${sup.slug}`} className="font-medium text-brand-700 hover:underline">
                {localized(locale, sup.name, sup.nameEn)}
              </Link>
            </td>
            <td className="px-3 py-2">{localized(locale, sup.townName, sup.townNameEn)}</td>
            <td className="px-3 py-2">{t(`onboarding.supplierStatus.${sup.status}`)}</td>
            <td className="px-3 py-2">
              {sup.lastEvent ? t(`onboarding.action.${sup.lastEvent}` as MessageKey) : "—"}
            </td>
            {mayDecide && (
              <td className="px-3 py-2">
                {sup.status !== "closed" && (
                  <Form method="post" className="flex flex-wrap items-end gap-2">
                    <input type="hidden" name="supplierId" value={sup.id} />
                    <label className="text-sm">
                      <span className="sr-only">{t("onboarding.standing.action")}</span>
                      <select name="action" className="rounded-lg border border-stone-300 bg-white px-2 py-1">
                        {STANDING_ACTIONS.filter((a) =>
                          sup.status === "active" ? a !== "reinstated" : a !== "suspended",
                        ).map((a) => (
                          <option key={a} value={a}>
                            {t(`onboarding.action.${a}`)}
                          </option>
                        ))}
                      </select>
                    </label>
                    <label className="text-sm">
                      <span className="sr-only">{t("onboarding.field.reason")}</span>
                      <input
                        name="reason"
                        required
                        maxLength={MAX_MESSAGE}
                        placeholder={t("onboarding.field.reason")}
                        className="rounded-lg border border-stone-300 px-2 py-1"
                      />
                    </label>
                    <button
                      type="submit"
                      className="rounded-lg bg-brand-600 px-3 py-1 font-semibold text-white"
                    >
                      {t("onboarding.standing.apply")}
                    </button>
                  </Form>
                )}
              </td>
            )}
          </tr>
        ))}
      </DataTable>
      <Pagination page={page} pageCount={pageCount} href={(p) => pageHref(query, p)} />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
