// Officials (and admins): add one household to the registry of their region.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { HouseholdFields } from "~/components/household-form";
import { requireRole } from "~/models/access/auth.server";
import { parseForm } from "~/lib/form";
import { HouseholdForm } from "~/lib/household-form";
import { useT } from "~/lib/use-locale";
import { createHousehold, listRegionOptions } from "~/models/registry/households.server";
import { redirectWithToast } from "~/lib/toast.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "新增农户", "Add a household"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const options = await listRegionOptions({ caller: user });
  invariantResponse(options.ok, "Forbidden", { status: 403 });
  return json({ villages: options.villages });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  const form = await parseForm(request, HouseholdForm);
  // What was typed goes back to the page (not the ID number).
  const values = Object.fromEntries(
    Object.entries(form.values)
      .filter(([k]) => k !== "idCard")
      .map(([k, v]) => [k, v.slice(0, 100)]),
  );
  if (!form.ok) return json({ fieldErrors: form.fieldErrors, values }, { status: 400 });
  const result = await createHousehold({ caller: user, input: form.data });
  if (!result.ok) {
    invariantResponse(result.code !== "forbidden", "Forbidden", { status: 403 });
    invariantResponse(result.code !== "not_found", "Not found", { status: 404 });
    const fieldErrors = Object.fromEntries(Object.entries(result.fieldErrors).map(([k, v]) => [k, [v]]));
    return json({ fieldErrors, values }, { status: 400 });
  }
  return redirectWithToast(request, `/official/households/${result.id}`, "registry.toast.created");
}

export default function NewHouseholdPage() {
  const { villages } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <Link to="/official/households" className="text-sm text-brand-700 hover:underline">
        ← {t("registry.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{t("registry.new.title")}</h1>
      {actionData?.fieldErrors && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t("registry.error.invalid")}
        </p>
      )}
      <Form method="post" className="mt-6 space-y-6">
        <HouseholdFields
          mode="create"
          villages={villages}
          values={actionData?.values ?? {}}
          fieldErrors={actionData?.fieldErrors}
        />
        <SubmitButton>{t("registry.new.submit")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
