// Official accounts (issue 18): the officials of the caller's scope; the district (or an admin)
// opens an account for a town (admins also for the district), moves an official to another region
// and deactivates one (their sessions end at once). Town officials read their town's list only.
// The reach and the audit are the model's (app/models/access/officials.server.ts).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { refusalStatus } from "~/lib/refusal";
import { FormField, SubmitButton } from "~/components/form-field";
import { parseForm } from "~/lib/form";
import { localized, type MessageKey } from "~/lib/i18n";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useLocale, useT } from "~/lib/use-locale";
import {
  MAX_DISPLAY_NAME_LENGTH,
  MAX_PASSWORD_LENGTH,
  MIN_PASSWORD_LENGTH,
} from "~/models/access/account-rules";
import { requireRole } from "~/models/access/auth.server";
import {
  changeOfficialScope,
  createOfficial,
  deactivateOfficial,
  listOfficials,
} from "~/models/access/officials.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "政府部门账户", "Official accounts"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.officials);
  const list = await listOfficials({ caller: user });
  return json(list ?? { officials: [], regions: [] }, { headers: { "Cache-Control": "private, no-store" } });
}

const regionId = z.coerce.number().int().positive().max(2_147_483_647);
const OfficialsForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("appoint"),
    displayName: z.string().trim().min(1).max(MAX_DISPLAY_NAME_LENGTH),
    mobile: z.string().trim().max(20),
    email: z.string().trim().max(254).optional().default(""),
    password: z.string().min(MIN_PASSWORD_LENGTH).max(MAX_PASSWORD_LENGTH),
    regionId,
  }),
  z.object({ intent: z.literal("scope"), userId: z.string().trim().max(64), regionId }),
  z.object({ intent: z.literal("deactivate"), userId: z.string().trim().max(64) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.officials);
  const form = await parseForm(request, OfficialsForm);
  if (!form.ok) return json({ error: "invalid" as const }, { status: 400 });
  const ip = context.clientIp ?? null;
  const data = form.data;
  const result =
    data.intent === "appoint"
      ? await createOfficial({ caller: user, ...data, ip })
      : data.intent === "scope"
        ? await changeOfficialScope({ caller: user, userId: data.userId, regionId: data.regionId, ip })
        : await deactivateOfficial({ caller: user, userId: data.userId, ip });
  if (!result.ok) return json({ error: result.code }, { status: refusalStatus(result.code, ["taken"]) });
  const toast = {
    appoint: "officials.toast.created",
    scope: "officials.toast.scope",
    deactivate: "officials.toast.deactivated",
  } as const;
  return redirectWithToast(request, "/official/officials", toast[data.intent]);
}

export default function OfficialAccountsPage() {
  const { officials, regions } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  const locale = useLocale();
  const mayAppoint = regions.length > 0;
  const select = "rounded-lg border border-stone-300 bg-white px-2 py-1 text-sm";
  const button = "rounded-lg px-3 py-1 text-sm font-semibold ring-1 ring-stone-300 hover:bg-stone-100";
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("officials.title")}</h1>
      <p className="mt-1 max-w-3xl text-sm text-stone-600">
        {mayAppoint ? t("officials.intro") : t("officials.readOnly")}
      </p>
      {actionData?.error && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(`officials.error.${actionData.error}` as MessageKey)}
        </p>
      )}

      <DataTable
        className="mt-4"
        tableClassName="min-w-[44rem]"
        testId="officials"
        empty={t("officials.empty")}
        headers={[
          { label: t("officials.name") },
          { label: t("officials.contact") },
          { label: t("officials.region") },
          { label: t("officials.status") },
          mayAppoint && { label: t("officials.manage") },
        ]}
      >
        {officials.map((o) => (
          <tr key={o.id} data-testid={`official-${o.mobile ?? o.id}`}>
            <th scope="row" className="px-3 py-2 text-left font-medium">
              {o.displayName}
            </th>
            <td className="px-3 py-2">{[o.mobile, o.email].filter(Boolean).join(" · ")}</td>
            <td className="px-3 py-2">{localized(locale, o.regionName, o.regionNameEn)}</td>
            <td className="px-3 py-2">
              {o.deactivatedAt ? t("officials.deactivated") : t("officials.active")}
            </td>
            {mayAppoint && (
              <td className="px-3 py-2">
                {o.mayDeactivate && (
                  <div className="flex flex-wrap gap-2">
                    <Form method="post" className="flex flex-wrap items-center gap-2">
                      <input type="hidden" name="intent" value="scope" />
                      <input type="hidden" name="userId" value={o.id} />
                      <label className="sr-only" htmlFor={`region-${o.id}`}>
                        {t("officials.moveTo", { name: o.displayName })}
                      </label>
                      <select
                        id={`region-${o.id}`}
                        name="regionId"
                        defaultValue={o.regionId ?? ""}
                        className={select}
                      >
                        {regions.map((r) => (
                          <option key={r.id} value={r.id}>
                            {localized(locale, r.name, r.nameEn)}
                          </option>
                        ))}
                      </select>
                      <button type="submit" className={button}>
                        {t("officials.move")}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="deactivate" />
                      <input type="hidden" name="userId" value={o.id} />
                      <button
                        type="submit"
                        aria-label={t("officials.deactivateLabel", { name: o.displayName })}
                        className={`${button} text-red-700`}
                      >
                        {t("officials.deactivate")}
                      </button>
                    </Form>
                  </div>
                )}
              </td>
            )}
          </tr>
        ))}
      </DataTable>

      {mayAppoint && (
        <>
          <h2 className="mt-8 text-lg font-semibold">{t("officials.new")}</h2>
          <Form
            method="post"
            className="mt-2 grid max-w-3xl gap-3 rounded-xl bg-white p-4 ring-1 ring-stone-200 sm:grid-cols-2"
          >
            <input type="hidden" name="intent" value="appoint" />
            <FormField
              name="displayName"
              label={t("officials.name")}
              required
              maxLength={MAX_DISPLAY_NAME_LENGTH}
            />
            <FormField
              name="mobile"
              label={t("officials.mobile")}
              required
              type="tel"
              inputMode="tel"
              maxLength={11}
              autoComplete="off"
            />
            <FormField
              name="email"
              label={t("officials.email")}
              type="email"
              maxLength={254}
              autoComplete="off"
            />
            <div>
              <label htmlFor="regionId" className="block text-sm font-medium">
                {t("officials.region")}
              </label>
              <select
                id="regionId"
                name="regionId"
                required
                className="mt-1 w-full rounded-lg border border-stone-300 bg-white px-3 py-2"
              >
                {regions.map((r) => (
                  <option key={r.id} value={r.id}>
                    {localized(locale, r.name, r.nameEn)}
                  </option>
                ))}
              </select>
            </div>
            <FormField
              name="password"
              label={t("officials.password")}
              hint={t("officials.password.hint")}
              type="password"
              required
              minLength={MIN_PASSWORD_LENGTH}
              maxLength={MAX_PASSWORD_LENGTH}
              autoComplete="new-password"
            />
            <div className="flex items-end">
              <SubmitButton>{t("officials.create")}</SubmitButton>
            </div>
          </Form>
        </>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
