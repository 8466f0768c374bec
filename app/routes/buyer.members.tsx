// Members of the organisation: the buyer_admin invites existing accounts (by mobile or e-mail),
// approves and removes them; for a union each member's use of the yearly amount this year.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";
import { changeMember, inviteMember, listMembers } from "~/models/institutions/institutions.server";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "单位成员", "Members"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const members = await listMembers({ caller: user });
  invariantResponse(members, "Not found", { status: 404 });
  return json({ members, selfId: user.id });
}

const MemberForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    login: z.string().trim().min(3, "buyer.members.error.login").max(120, "buyer.members.error.login"),
  }),
  z.object({ intent: z.enum(["approve", "remove"]), userId: z.string().trim().min(1).max(64) }),
]);

const TOASTS = {
  invite: "buyer.members.toast.invited",
  approve: "buyer.members.toast.approved",
  remove: "buyer.members.toast.removed",
} as const;

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["buyer_admin"]);
  const form = await parseForm(request, MemberForm);
  if (!form.ok)
    return json(
      { error: (form.fieldErrors.login?.[0] ?? "buyer.members.error.not_found") as MessageKey },
      { status: 400 },
    );
  const data = form.data;
  const result =
    data.intent === "invite"
      ? await inviteMember({ caller: user, login: data.login })
      : await changeMember({ caller: user, userId: data.userId, change: data.intent });
  if (!result.ok)
    return json(
      { error: `buyer.members.error.${result.code}` as MessageKey },
      { status: result.code === "not_found" ? 404 : 409 },
    );
  return redirectWithToast(request, "/buyer/members", TOASTS[data.intent]);
}

export default function BuyerMembersPage() {
  const { members, selfId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const union = members.some((m) => m.usedFen !== null);
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("buyer.members.title")}</h1>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.error)}
        </p>
      )}
      <section
        aria-labelledby="invite-heading"
        className="mt-4 rounded-xl bg-white p-4 ring-1 ring-stone-200"
      >
        <h2 id="invite-heading" className="font-semibold">
          {t("buyer.members.invite")}
        </h2>
        <Form method="post" className="mt-3 flex flex-wrap items-end gap-3" noValidate>
          <input type="hidden" name="intent" value="invite" />
          <FormField
            name="login"
            label={t("buyer.members.login")}
            hint={t("buyer.members.inviteHint")}
            autoComplete="off"
            required
            wrapperClassName="min-w-64 flex-1"
          />
          <button
            type="submit"
            className="rounded-lg bg-brand-600 px-4 py-2 font-semibold text-white hover:bg-brand-700"
          >
            {t("buyer.members.inviteButton")}
          </button>
        </Form>
      </section>
      <DataTable
        className="mt-4"
        headers={[
          { label: t("buyer.members.name") },
          { label: t("buyer.members.contact") },
          { label: t("buyer.members.status") },
          union && { label: t("buyer.members.used"), numeric: true },
          union && { label: t("buyer.members.remaining"), numeric: true },
          { label: t("buyer.members.actions") },
        ]}
        empty={t("buyer.members.empty")}
      >
        {members.map((m) => (
          <tr key={m.userId}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {m.displayName}
              {m.isAdmin && (
                <span className="ml-2 rounded bg-brand-50 px-1.5 py-0.5 text-xs text-brand-700">
                  {t("buyer.members.admin")}
                </span>
              )}
            </th>
            <td className="px-3 py-2">{[m.mobile, m.email].filter(Boolean).join(" · ")}</td>
            <td className="px-3 py-2">{t(`buyer.members.status.${m.status}`)}</td>
            {union && (
              <td className="px-3 py-2 text-right tabular-nums">
                {m.usedFen === null ? "—" : formatFen(m.usedFen)}
              </td>
            )}
            {union && (
              <td className="px-3 py-2 text-right tabular-nums">
                {m.remainingFen === null ? "—" : formatFen(m.remainingFen)}
              </td>
            )}
            <td className="px-3 py-2">
              <div className="flex gap-2">
                {m.status === "invited" && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="approve" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <button
                      type="submit"
                      className="rounded border border-brand-600 px-2 py-1 text-brand-700 hover:bg-brand-50"
                    >
                      {t("buyer.members.approve")}
                    </button>
                  </Form>
                )}
                {m.status !== "removed" && m.userId !== selfId && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="remove" />
                    <input type="hidden" name="userId" value={m.userId} />
                    <button
                      type="submit"
                      className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50"
                    >
                      {t("buyer.members.remove")}
                    </button>
                  </Form>
                )}
              </div>
            </td>
          </tr>
        ))}
      </DataTable>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
