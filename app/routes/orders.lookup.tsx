import {
  json,
  redirect,
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import type { z } from "zod";
import { FormField, SubmitButton } from "~/components/form-field";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { parseForm } from "~/lib/form";
import { lookupForm, ORDER_NUMBER } from "~/models/ordering/storefront-forms.server";
import type { MessageKey } from "~/lib/i18n";
import { commitSession, getSession, rememberGuestOrder } from "~/lib/session.server";
import { useT } from "~/lib/use-locale";
import { orderMatchesMobile } from "~/models/ordering/orders.server";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "查询订单", "Find an order"),
  { name: "robots", content: "noindex" },
];

type FieldName = keyof z.infer<ReturnType<typeof lookupForm>>;
type ActionData = {
  fieldErrors: Partial<Record<FieldName, string[]>>;
  formError: MessageKey | null;
  values: Partial<Record<FieldName, string>>;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const number = new URL(request.url).searchParams.get("number") ?? "";
  return json({ orderNumber: ORDER_NUMBER.test(number) ? number : "" });
}

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, lookupForm());
  const values = {
    orderNumber: (form.values.orderNumber ?? "").slice(0, 40),
    mobile: (form.values.mobile ?? "").slice(0, 20),
  };
  if (!form.ok) {
    const fieldErrors: ActionData["fieldErrors"] = {};
    for (const field of ["orderNumber", "mobile"] as const) {
      const code = form.fieldErrors[field]?.[0];
      if (code) fieldErrors[field] = [code];
    }
    return json<ActionData>({ fieldErrors, formError: null, values }, { status: 400 });
  }
  const { orderNumber, mobile } = form.data;
  if (!(await orderMatchesMobile({ orderNumber, mobile }))) {
    // One neutral answer: it does not tell whether the order exists.
    return json<ActionData>({ fieldErrors: {}, formError: "lookup.error.noMatch", values }, { status: 400 });
  }
  const session = await getSession(request);
  rememberGuestOrder(session, orderNumber); // keeps the 20 most recent
  return redirect(`/orders/${orderNumber}`, {
    status: 303,
    headers: { "Set-Cookie": await commitSession(session) },
  });
}

export default function OrderLookupPage() {
  const { orderNumber } = useLoaderData<typeof loader>();
  const actionData = useActionData<ActionData>();
  const t = useT();
  const errorText = (field: FieldName, label: string) => {
    const code = actionData?.fieldErrors[field]?.[0];
    if (!code) return null;
    if (code === "mobile") return t("form.error.mobile");
    if (code === "orderNumber") return t("form.error.orderNumber");
    return t("form.error.required", { field: label });
  };
  const fields: {
    name: FieldName;
    label: MessageKey;
    inputMode: "numeric" | "tel";
    autoComplete: string;
    placeholder?: string;
  }[] = [
    {
      name: "orderNumber",
      label: "lookup.orderNumber",
      inputMode: "numeric",
      autoComplete: "off",
      placeholder: "20261122-000123",
    },
    { name: "mobile", label: "lookup.mobile", inputMode: "tel", autoComplete: "tel" },
  ];
  return (
    <main className="mx-auto max-w-md px-4 py-8">
      <h1 className="text-2xl font-bold">{t("lookup.title")}</h1>
      <p className="mt-2 text-sm text-stone-600">{t("lookup.intro")}</p>
      {actionData?.formError && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(actionData.formError)}
        </p>
      )}
      <Form method="post" className="mt-4 space-y-4 rounded-xl bg-white p-4 ring-1 ring-stone-200" noValidate>
        {fields.map((f) => {
          const label = t(f.label);
          const error = errorText(f.name, label);
          return (
            <FormField
              key={f.name}
              name={f.name}
              label={label}
              error={error}
              type={f.name === "mobile" ? "tel" : "text"}
              inputMode={f.inputMode}
              autoComplete={f.autoComplete}
              placeholder={f.placeholder}
              required
              defaultValue={actionData?.values[f.name] ?? (f.name === "orderNumber" ? orderNumber : "")}
            />
          );
        })}
        <SubmitButton>{t("lookup.submit")}</SubmitButton>
      </Form>
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
