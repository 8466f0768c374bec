// The one form-parsing helper: FormData → zod → either data or field errors for a 400 reply,
// with what was typed (text fields only, trimmed to a sane length) so a page can show it again.
// Types only from zod: a page whose schema lives in a .server module does not ship zod to the browser.
import type { z } from "zod";
import { refuseControlCharacters } from "./control-characters";

export type FormValues = Record<string, string>;
export type FormResult<T> = { ok: true; data: T; values: FormValues } | { ok: false; fieldErrors: Record<string, string[]>; values: FormValues };

const MAX_ECHO_LENGTH = 500;

/** The request's form; a body that is not a form (JSON, broken multipart) is a 400, never a 500. */
async function readForm(request: Request): Promise<FormData> {
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new Response("请求内容不是表单 · The request body is not a form", { status: 400 });
  }
  return refuseControlCharacters(form);
}

export async function parseForm<S extends z.ZodType>(request: Request, schema: S): Promise<FormResult<z.infer<S>>> {
  const formData = await readForm(request);
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
    if (typeof all[0] === "string") values[key] = all[0].slice(0, MAX_ECHO_LENGTH);
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values };
  const fieldErrors: Record<string, string[]> = {};
  for (const issue of result.error.issues) {
    const key = issue.path.join(".") || "form";
    (fieldErrors[key] ??= []).push(issue.message);
  }
  return { ok: false, fieldErrors, values };
}
