// Officials (and admins) of the household's region: one household's early-warning case — its
// reasons now and its follow-up records — and the form to add one (contacted or not, action, date;
// "resolved" takes it off the list). Another region's household answers 404, like an unknown id.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { WarningReasons } from "~/components/warning-reasons";
import { requireRole } from "~/models/access/auth.server";
import { shanghaiDate } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { getWarningCase, recordFollowUp, warningSettings } from "~/models/impact/warnings.server";
import { MAX_ACTION_LENGTH } from "~/models/impact/warning-rules";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "预警跟进", "Follow-up"),
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
  const result = await getWarningCase({ caller: user, householdId: params.id ?? "" });
  if (!result.ok) refuse(result.code);
  const { ok: _ok, ...rest } = result;
  return json(
    {
      ...rest,
      id: params.id ?? "",
      idleMonths: warningSettings().idleMonths,
      today: shanghaiDate(new Date()),
    },
    { headers: { "Cache-Control": "private, no-store" } },
  );
}

const FollowUpForm = z.object({
  intent: z.literal("follow_up"),
  contacted: z.literal("on").optional(),
  resolve: z.literal("on").optional(),
  action: z.string().max(2000),
  followedOn: z.string().max(20),
});

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const id = params.id ?? "";
  const form = await parseForm(request, FollowUpForm);
  if (!form.ok) return json({ error: "warnings.error.action_invalid" as MessageKey }, { status: 400 });
  const result = await recordFollowUp({
    caller: user,
    householdId: id,
    input: {
      contacted: form.data.contacted === "on",
      resolve: form.data.resolve === "on",
      action: form.data.action,
      followedOn: form.data.followedOn,
    },
    ip: context.clientIp ?? null,
  });
  if (!result.ok) {
    if (result.code === "forbidden" || result.code === "not_found") refuse(result.code);
    return json(
      { error: `warnings.error.${result.code}` as MessageKey },
      { status: result.code === "already_resolved" || result.code === "not_listed" ? 409 : 400 },
    );
  }
  return redirectWithToast(request, `/official/warnings/${id}`, "warnings.toast.saved");
}

export default function WarningCasePage() {
  const { row, followUps, registryCode, id, idleMonths, today } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as { error?: MessageKey } | undefined;
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <Link to="/official/warnings" className="text-sm text-brand-700 hover:underline">
        ← {t("warnings.case.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">
        {t("warnings.case.title")} · {row?.headName ?? ""} <span className="font-mono">{registryCode}</span>
      </h1>
      {row && (
        <p className="text-sm text-stone-600">
          {row.townName} · {row.villageName} · {t(`registry.kind.${row.kind}`)} ·{" "}
          <Link to={`/official/households/${id}/statement`} className="text-brand-700 underline">
            {t("hhs.open")}
          </Link>
        </p>
      )}
      <section className="mt-4 rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
        <p className="font-medium">
          {row?.listed ? t("warnings.case.listed") : t("warnings.case.notListed")}
        </p>
        {row && row.reasons.length > 0 && (
          <div className="mt-2 text-sm">
            <WarningReasons row={row} idleMonths={idleMonths} />
          </div>
        )}
      </section>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      {row?.listed && (
        <Form method="post" className="mt-6 space-y-3">
          <h2 className="text-xl font-semibold">{t("warnings.case.add")}</h2>
          <input type="hidden" name="intent" value="follow_up" />
          <label className="flex items-center gap-2">
            <input type="checkbox" name="contacted" defaultChecked />
            {t("warnings.field.contacted")}
          </label>
          <label className="flex flex-col gap-1">
            {t("warnings.field.action")}
            <textarea
              name="action"
              required
              maxLength={MAX_ACTION_LENGTH}
              rows={3}
              className="rounded border px-2 py-1"
            />
          </label>
          <label className="flex flex-col gap-1">
            {t("warnings.field.followedOn")}
            <input
              type="date"
              name="followedOn"
              required
              max={today}
              defaultValue={today}
              className="w-48 rounded border px-2 py-1"
            />
          </label>
          <label className="flex items-center gap-2">
            <input type="checkbox" name="resolve" />
            {t("warnings.field.resolve")}
          </label>
          <SubmitButton>{t("warnings.submit")}</SubmitButton>
        </Form>
      )}
      <h2 className="mt-8 text-xl font-semibold">{t("warnings.case.history")}</h2>
      {followUps.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("warnings.case.noHistory")}</p>
      ) : (
        <ol className="mt-2 space-y-3">
          {followUps.map((f) => (
            <li key={f.id} className="rounded-lg p-3 ring-1 ring-stone-200">
              <p className="text-sm text-stone-600">
                {f.followedOn} · {f.contacted ? t("warnings.contacted.yes") : t("warnings.contacted.no")}
                {f.resolved && (
                  <strong className="ml-2 text-green-800">{t("warnings.resolved")}</strong>
                )} · {t("warnings.by")} {f.actorName ?? "—"}
              </p>
              <p className="mt-1 whitespace-pre-wrap break-words">{f.action}</p>
            </li>
          ))}
        </ol>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
