import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { LOCALES } from "~/lib/i18n";
import { parseForm } from "~/lib/form";
import { safeRedirect } from "~/lib/safe-redirect";
import { invariantResponse } from "~/lib/invariant";

const LanguageForm = z.object({ to: z.enum(LOCALES), redirectTo: z.string().optional() });

export async function action({ request }: ActionFunctionArgs) {
  const form = await parseForm(request, LanguageForm);
  invariantResponse(form.ok, "Unknown language", { status: 400 });
  return redirect(safeRedirect(form.data.redirectTo), {
    status: 303,
    headers: { "Set-Cookie": `lang=${form.data.to}; Path=/; Max-Age=31536000; SameSite=Lax` },
  });
}

export const loader = () => redirect("/");
