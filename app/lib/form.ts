// The one form-parsing helper: FormData → zod → either data or field errors for a 400 reply,
// with what was typed (text fields only, trimmed to a sane length) so a page can show it again.
// URL-encoded and multipart bodies go the same way; a form with files names its size limits
// (`uploads`) and gets its FormData back to take the files from. Multipart bodies are streamed
// through uploads.server's reader, which refuses an oversized body while it arrives (a 413).
// Types only from zod: a page whose schema lives in a .server module does not ship zod to the browser.
import type { z } from "zod";
import { refuseControlCharacters } from "./control-characters";
import { readMultipartForm } from "./uploads.server";

export type FormValues = Record<string, string>;
export type FieldErrors = Record<string, string[]>;
/** Why a form with files could not be read at all: over its size limits (413) or not a form (400). */
export type FormFailure = "too_large" | "not_form";
export type FormResult<T> =
  | { ok: true; data: T; values: FormValues; form: FormData; failure?: undefined }
  | { ok: false; fieldErrors: FieldErrors; values: FormValues; form?: FormData; failure?: FormFailure };
export type UploadLimits = { maxBytes: number; maxTotalBytes?: number };

const MAX_ECHO_LENGTH = 500;
const NOT_A_FORM = "请求内容不是表单 · The request body is not a form";

const isMultipart = (request: Request) =>
  (request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/");

/** The request's form; a body that is not a form (JSON, broken multipart) is a 400, never a 500. */
async function readForm(
  request: Request,
  uploads?: UploadLimits,
): Promise<{ ok: true; form: FormData } | { ok: false; failure: FormFailure }> {
  if (uploads && isMultipart(request)) {
    const read = await readMultipartForm(request, uploads).catch(() => ({
      ok: false as const,
      error: "not_multipart" as const,
    }));
    return read.ok ? read : { ok: false, failure: read.error === "too_large" ? "too_large" : "not_form" };
  }
  try {
    return { ok: true, form: refuseControlCharacters(await request.formData()) };
  } catch {
    return { ok: false, failure: "not_form" };
  }
}

/** The field errors of failed zod issues, keyed by the field's dotted path ("form" for the whole). */
export function fieldErrorsOf(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldErrors {
  const fieldErrors: FieldErrors = {};
  for (const issue of issues)
    (fieldErrors[issue.path.map(String).join(".") || "form"] ??= []).push(issue.message);
  return fieldErrors;
}

/**
 * Reads and checks a posted form. Without `uploads`, a body that is not a form is thrown as a 400
 * (as every plain form always did); with `uploads`, it comes back as `failure` so the page can say
 * so in its own words next to its file field.
 */
export async function parseForm<S extends z.ZodType>(
  request: Request,
  schema: S,
  options: { uploads?: UploadLimits } = {},
): Promise<FormResult<z.infer<S>>> {
  const read = await readForm(request, options.uploads);
  if (!read.ok) {
    if (!options.uploads) throw new Response(NOT_A_FORM, { status: 400 });
    return { ok: false, fieldErrors: {}, values: {}, failure: read.failure };
  }
  const formData = read.form;
  const raw: Record<string, FormDataEntryValue | FormDataEntryValue[]> = {};
  const values: FormValues = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key);
    raw[key] = all.length > 1 ? all : all[0];
    if (typeof all[0] === "string") values[key] = all[0].slice(0, MAX_ECHO_LENGTH);
  }
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, data: result.data, values, form: formData };
  return { ok: false, fieldErrors: fieldErrorsOf(result.error.issues), values, form: formData };
}
