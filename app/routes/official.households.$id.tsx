// Officials (and admins): one household of their region — masked by default; "show the full ID
// number" is a POST (audited), never a link. Edit and mark-risk-eliminated forms below.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { HouseholdFields } from "~/components/household-form";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { HouseholdForm } from "~/lib/household-form";
import { MONITORED_KIND_VALUES } from "~/lib/household-kinds";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";
import {
  getHousehold,
  listRegionOptions,
  markRiskEliminated,
  updateHousehold,
} from "~/models/registry/households.server";
import { redirectWithToast } from "~/lib/toast.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "农户详情", "Household"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;

function refuse(code: "forbidden" | "not_found"): never {
  throw new Response(code === "forbidden" ? "Forbidden" : "Not found", {
    status: code === "forbidden" ? 403 : 404,
  });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const result = await getHousehold({ caller: user, id: params.id ?? "" });
  if (!result.ok) refuse(result.code);
  const options = await listRegionOptions({ caller: user });
  return json({ household: result.household, villages: options.ok ? options.villages : [] });
}

const Intent = z.object({ intent: z.enum(["reveal", "update", "risk"]) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const id = params.id ?? "";
  const intent = await parseForm(request.clone(), Intent);
  if (!intent.ok) return json({ error: "registry.error.invalid" as MessageKey }, { status: 400 });
  const toast = async (key: MessageKey) => {
    return redirectWithToast(request, `/official/households/${id}`, key);
  };
  switch (intent.data.intent) {
    case "reveal": {
      const result = await getHousehold({ caller: user, id, reveal: true, ip: context.clientIp ?? null });
      if (!result.ok) refuse(result.code);
      return json({ revealed: result.household.idCard }, { headers: { "Cache-Control": "no-store" } });
    }
    case "risk": {
      const result = await markRiskEliminated({ caller: user, id });
      if (!result.ok) {
        if (result.code === "forbidden" || result.code === "not_found") refuse(result.code);
        return json({ error: `registry.error.${result.code}` as MessageKey }, { status: 409 });
      }
      return toast("registry.toast.riskEliminated");
    }
    case "update": {
      const form = await parseForm(request, HouseholdForm);
      if (!form.ok) return json({ fieldErrors: form.fieldErrors }, { status: 400 });
      const result = await updateHousehold({ caller: user, id, input: form.data });
      if (!result.ok) {
        if (result.code === "forbidden" || result.code === "not_found") refuse(result.code);
        return json(
          { fieldErrors: Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, [v]])) },
          { status: 400 },
        );
      }
      return toast("registry.toast.saved");
    }
  }
}

export default function HouseholdPage() {
  const { household: h, villages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as
    { revealed?: string | null; error?: MessageKey; fieldErrors?: Record<string, string[]> } | undefined;
  const t = useT();
  const rows: [string, string][] = [
    [t("registry.col.registryCode"), h.registryCode],
    [t("registry.col.headName"), h.headName],
    [t("registry.col.idCard"), h.idCardMasked],
    [t("registry.col.memberCount"), String(h.memberCount)],
    [t("registry.col.town"), h.townName],
    [t("registry.col.village"), h.villageName],
    [t("registry.col.kind"), t(`registry.kind.${h.kind}`)],
    [t("registry.col.status"), t(`registry.status.${h.status}`)],
    [t("registry.col.reached"), h.reached ? t("registry.yes") : t("registry.no")],
  ];
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <Link to="/official/households" className="text-sm text-brand-700 hover:underline">
        ← {t("registry.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">
        {t("registry.detail.title")} · {h.registryCode}
      </h1>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <dl className="mt-4 grid grid-cols-[8rem_1fr] gap-x-4 gap-y-2">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-stone-600">{label}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        {h.riskEliminatedAt && (
          <div className="contents">
            <dt className="text-stone-600">{t("registry.col.riskEliminated")}</dt>
            <dd>{t("registry.detail.riskEliminatedOn", { date: h.riskEliminatedAt.slice(0, 10) })}</dd>
          </div>
        )}
      </dl>

      <p className="mt-4 flex flex-wrap gap-4">
        <Link to={`/official/households/${h.id}/statement`} className="text-brand-700 underline">
          {t("hhs.open")}
        </Link>
        <Link to={`/official/warnings/${h.id}`} className="text-brand-700 underline">
          {t("warnings.case.title")}
        </Link>
      </p>

      <section className="mt-6 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
        {actionData?.revealed ? (
          <p>
            {t("registry.detail.revealed")}: <strong className="font-mono">{actionData.revealed}</strong>
          </p>
        ) : (
          <Form method="post">
            <input type="hidden" name="intent" value="reveal" />
            <button type="submit" className="rounded border border-stone-400 px-3 py-1 hover:bg-white">
              {t("registry.detail.reveal")}
            </button>
            <p className="mt-1 text-xs text-stone-500">{t("registry.detail.revealHint")}</p>
          </Form>
        )}
      </section>

      {(MONITORED_KIND_VALUES as readonly string[]).includes(h.kind) && !h.riskEliminatedAt && (
        <Form method="post" className="mt-4">
          <input type="hidden" name="intent" value="risk" />
          <button type="submit" className="rounded bg-brand-600 px-3 py-1 text-white hover:bg-brand-700">
            {t("registry.detail.markRisk")}
          </button>
        </Form>
      )}

      <h2 className="mt-8 text-xl font-semibold">{t("registry.detail.edit")}</h2>
      <Form method="post" className="mt-4 space-y-6">
        <input type="hidden" name="intent" value="update" />
        <HouseholdFields
          mode="edit"
          villages={villages}
          values={{
            headName: h.headName,
            memberCount: String(h.memberCount),
            villageId: String(h.villageId),
            kind: h.kind,
            status: h.status,
          }}
          fieldErrors={actionData?.fieldErrors}
        />
        <SubmitButton>{t("registry.detail.save")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
