// Supplier owners: the staff of their supplier — invite by mobile or e-mail (a link valid 72 hours,
// once), make someone owner or staff, remove them (their sessions end at once), withdraw an
// invitation. The link is sent by e-mail or SMS (the notification outbox) and shown once, here.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { requestOrigin, titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { changeStaff, inviteStaff, listStaff, revokeInvitation } from "~/models/onboarding/staff.server";
import { refusalStatus } from "~/lib/refusal";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "员工管理", "Staff"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const staff = await listStaff({ caller: user });
  if (!staff) throw new Response("只有负责人可以管理员工 · Only owners manage staff", { status: 403 });
  return json({ ...staff, selfId: user.id });
}

const StaffForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("invite"),
    contact: z.string().trim().max(254),
    role: z.enum(["owner", "staff"]),
  }),
  z.object({ intent: z.literal("role"), userId: z.string().max(64), role: z.enum(["owner", "staff"]) }),
  z.object({ intent: z.literal("remove"), userId: z.string().max(64) }),
  z.object({ intent: z.literal("revoke"), id: z.string().max(64) }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["supplier_staff"]);
  const form = await parseForm(request, StaffForm);
  if (!form.ok) return json({ error: "invalid_contact", link: null }, { status: 400 });
  const data = form.data;
  if (data.intent === "invite") {
    const result = await inviteStaff({
      caller: user,
      contact: data.contact,
      role: data.role,
      linkBase: requestOrigin(request),
    });
    if (!result.ok)
      return json({ error: result.code, link: null }, { status: result.code === "forbidden" ? 403 : 400 });
    return json({ error: null, link: `${requestOrigin(request)}/staff-invitations/${result.token}` });
  }
  const result =
    data.intent === "revoke"
      ? await revokeInvitation({ caller: user, id: data.id })
      : await changeStaff({
          caller: user,
          userId: data.userId,
          role: data.intent === "remove" ? null : data.role,
        });
  if (!result.ok) {
    const status = refusalStatus(result.code, ["last_owner"]);
    return json({ error: result.code, link: null }, { status });
  }
  return redirectWithToast(
    request,
    "/supplier/staff",
    data.intent === "revoke" ? "onboarding.toast.revoked" : "onboarding.toast.staffChanged",
  );
}

export default function StaffPage() {
  const { members, invitations, selfId } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const button = "rounded-lg px-3 py-1 text-sm font-semibold ring-1 ring-stone-300 hover:bg-stone-100";
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("onboarding.staff.title")}</h1>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`onboarding.error.${actionData.error}` as MessageKey)}
        </p>
      )}
      {actionData?.link && (
        <div role="status" className="mt-4 rounded-lg bg-green-50 p-3 text-green-900 ring-1 ring-green-200">
          <p>{t("onboarding.staff.link")}</p>
          <p className="mt-2 break-all font-mono text-sm" data-testid="invitation-link">
            {actionData.link}
          </p>
        </div>
      )}

      <h2 className="mt-6 text-lg font-semibold">{t("onboarding.staff.members")}</h2>
      <ul className="mt-2 divide-y divide-stone-200 rounded-xl bg-white ring-1 ring-stone-200">
        {members.map((m) => (
          <li key={m.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
            <div>
              <p className="font-medium">{m.displayName}</p>
              <p className="text-sm text-stone-600">
                {m.mobile ?? m.email} · {t(`onboarding.staff.role.${m.supplierRole}`)}
              </p>
            </div>
            <div className="flex gap-2">
              <Form method="post">
                <input type="hidden" name="intent" value="role" />
                <input type="hidden" name="userId" value={m.id} />
                <input type="hidden" name="role" value={m.supplierRole === "owner" ? "staff" : "owner"} />
                <button type="submit" className={button}>
                  {t("onboarding.staff.setRole")}
                  {t(`onboarding.staff.role.${m.supplierRole === "owner" ? "staff" : "owner"}`)}
                </button>
              </Form>
              {m.id !== selfId && (
                <Form method="post">
                  <input type="hidden" name="intent" value="remove" />
                  <input type="hidden" name="userId" value={m.id} />
                  <button type="submit" className={`${button} text-red-700`}>
                    {t("onboarding.staff.remove")}
                  </button>
                </Form>
              )}
            </div>
          </li>
        ))}
      </ul>

      {invitations.length > 0 && (
        <>
          <h2 className="mt-6 text-lg font-semibold">{t("onboarding.staff.invitations")}</h2>
          <ul className="mt-2 divide-y divide-stone-200 rounded-xl bg-white ring-1 ring-stone-200">
            {invitations.map((i) => (
              <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <p className="text-sm">
                  {i.mobile ?? i.email} · {t(`onboarding.staff.role.${i.supplierRole}`)} ·{" "}
                  {t("onboarding.staff.expires")} {formatShanghaiDateTime(i.expiresAt)}
                </p>
                <Form method="post">
                  <input type="hidden" name="intent" value="revoke" />
                  <input type="hidden" name="id" value={i.id} />
                  <button type="submit" className={button}>
                    {t("onboarding.staff.revoke")}
                  </button>
                </Form>
              </li>
            ))}
          </ul>
        </>
      )}

      <h2 className="mt-6 text-lg font-semibold">{t("onboarding.staff.invite")}</h2>
      <Form method="post" className="mt-2 space-y-3 rounded-xl bg-white p-4 ring-1 ring-stone-200">
        <input type="hidden" name="intent" value="invite" />
        <FormField
          name="contact"
          label={t("onboarding.staff.contact")}
          maxLength={254}
          required
          autoComplete="off"
        />
        <div>
          <label htmlFor="role" className="block text-sm font-medium">
            {t("onboarding.staff.role")}
          </label>
          <select
            id="role"
            name="role"
            className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2"
          >
            <option value="staff">{t("onboarding.staff.role.staff")}</option>
            <option value="owner">{t("onboarding.staff.role.owner")}</option>
          </select>
        </div>
        <SubmitButton>{t("onboarding.staff.send")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
