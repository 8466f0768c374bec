// Officials (and admins): personal API tokens for GET /api/stats — create (shown once, in the
// action's answer, never stored in plain or put in a cookie), list, revoke (303 with a toast).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { DataTable } from "~/components/data-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormField, SubmitButton } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";
import {
  createApiToken,
  listApiTokens,
  MAX_TOKEN_NAME,
  revokeApiToken,
} from "~/models/access/api-tokens.server";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "接口令牌", "API tokens"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const tokens = await listApiTokens({ caller: user });
  return json({ tokens }, { headers: { "Cache-Control": "private, no-store" } });
}

const TokenForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), name: z.string().trim().min(1).max(MAX_TOKEN_NAME) }),
  z.object({ intent: z.literal("revoke"), id: z.string().trim().min(1).max(64) }),
]);

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const form = await parseForm(request, TokenForm);
  if (!form.ok) return json({ error: "tokens.error.bad_name" as MessageKey, token: null }, { status: 400 });
  if (form.data.intent === "create") {
    const created = await createApiToken({
      caller: user,
      name: form.data.name,
      ip: context.clientIp ?? null,
    });
    if (!created.ok)
      return json(
        { error: `tokens.error.${created.code}` as MessageKey, token: null },
        { status: created.code === "forbidden" ? 403 : 400 },
      );
    // The one time the token is shown: not cached anywhere.
    return json({ error: null, token: created.token }, { headers: { "Cache-Control": "no-store" } });
  }
  const revoked = await revokeApiToken({ caller: user, id: form.data.id, ip: context.clientIp ?? null });
  invariantResponse(revoked.ok, "Not found", { status: 404 });
  return redirectWithToast(request, "/official/tokens", "tokens.toast.revoked");
}

export default function ApiTokensPage() {
  const { tokens } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-6xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("tokens.title")}</h1>
      <p className="mt-1 max-w-3xl text-sm text-stone-600">{t("tokens.intro")}</p>

      {actionData?.token && (
        <div role="status" className="mt-4 rounded-xl bg-green-50 p-4 ring-1 ring-green-200">
          <p className="font-semibold text-green-900">{t("tokens.created")}</p>
          <code
            data-testid="new-token"
            className="mt-2 block break-all rounded bg-white p-2 font-mono text-sm ring-1 ring-green-200"
          >
            {actionData.token}
          </code>
          <p className="mt-2 text-sm text-green-900">{t("tokens.usage")}</p>
          <code className="block break-all rounded bg-white p-2 font-mono text-xs ring-1 ring-green-200">
            {`curl -H "Authorization: Bearer ${actionData.token}" "https://<host>/api/stats?from=2026-01-01&to=2026-12-31"`}
          </code>
        </div>
      )}

      <Form method="post" className="mt-6 flex max-w-xl flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="create" />
        <FormField
          name="name"
          label={t("tokens.name")}
          hint={t("tokens.name.hint")}
          required
          maxLength={MAX_TOKEN_NAME}
          error={actionData?.error ? t(actionData.error) : null}
          wrapperClassName="flex-1"
        />
        <SubmitButton>{t("tokens.create")}</SubmitButton>
      </Form>

      <h2 className="mt-8 text-lg font-semibold">{t("tokens.list")}</h2>
      {tokens.length === 0 ? (
        <p className="mt-2 text-stone-600">{t("tokens.none")}</p>
      ) : (
        <DataTable
          className="mt-2"
          headers={[
            { label: t("tokens.name") },
            { label: t("tokens.createdAt") },
            { label: t("tokens.lastUsedAt") },
            { label: t("tokens.status") },
            { label: t("tokens.revoke"), srOnly: true },
          ]}
        >
          {tokens.map((token) => (
            <tr key={token.id}>
              <th scope="row" className="px-3 py-2 text-left font-normal">
                {token.name}
              </th>
              <td className="px-3 py-2">{formatShanghaiDateTime(token.createdAt)}</td>
              <td className="px-3 py-2">
                {token.lastUsedAt ? formatShanghaiDateTime(token.lastUsedAt) : t("tokens.never")}
              </td>
              <td className="px-3 py-2">
                {token.revokedAt
                  ? t("tokens.revoked", { at: formatShanghaiDateTime(token.revokedAt) })
                  : t("tokens.active")}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-right">
                {!token.revokedAt && (
                  <Form method="post">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={token.id} />
                    <button
                      type="submit"
                      aria-label={t("tokens.revokeLabel", { name: token.name })}
                      className="rounded border border-red-300 px-2 py-1 text-red-700 hover:bg-red-50"
                    >
                      {t("tokens.revoke")}
                    </button>
                  </Form>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
