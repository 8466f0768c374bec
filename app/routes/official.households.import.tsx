// Officials (and admins): import households from CSV or XLSX in two steps. 1. Upload (multipart,
// at most 10 MB): the file is parsed, kept for the apply step under a random token, and checked
// row by row (nothing written). 2. Apply: the whole file or nothing, in one transaction (THE RULE,
// app/models/registry/households.server.ts). The full report downloads as CSV.
// Progress: without JavaScript the confirm posts and the page shows the result when the import is
// done. With it, the confirm goes through a fetcher and the page polls
// /official/households/import/progress for rows done / total and shows a <progress> bar.
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher } from "@remix-run/react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SubmitButton } from "~/components/form-field";
import { requireRole } from "~/models/access/auth.server";
import { signedSessionIdOf } from "~/lib/session.server";
import { parseForm } from "~/lib/form";
import { MAX_IMPORT_BYTES, parseHouseholdFile } from "~/lib/household-file";
import type { MessageKey } from "~/lib/i18n";
import { loadImportFile, saveImportFile } from "~/lib/import-store.server";
import { useT } from "~/lib/use-locale";
import {
  applyImport,
  previewImport,
  type ImportCounts,
  type ImportProgress,
  type ImportReportRow,
} from "~/models/registry/households.server";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "批量导入农户", "Import households"),
  { name: "robots", content: "noindex" },
];

const ROLES = ["official", "admin"] as const;
const SHOWN_ERRORS = 200;

type ActionData =
  | { stage: "error"; error: MessageKey; vars?: Record<string, string>; token?: string }
  | {
      stage: "preview" | "rejected";
      token: string;
      fileName: string;
      counts: ImportCounts;
      errors: ImportReportRow[];
    }
  | { stage: "applied"; token: string; fileName: string; counts: ImportCounts };

export async function loader({ request }: LoaderFunctionArgs) {
  await requireRole(request, ROLES);
  return json({});
}

/** Step 1 has no text fields: the file is taken from the form. */
const UploadForm = z.object({});
const ApplyForm = z.object({ intent: z.literal("apply"), token: z.string().regex(/^[0-9a-f]{32}$/) });

function failure(error: MessageKey, status: number, vars?: Record<string, string>, token?: string) {
  return json<ActionData>({ stage: "error", error, vars, token }, { status });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ROLES);
  if ((request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    // Step 1: upload and check.
    const upload = await parseForm(request, UploadForm, { uploads: { maxBytes: MAX_IMPORT_BYTES } });
    if (upload.failure === "too_large") return failure("registry.import.tooLarge", 413);
    if (upload.failure || !upload.form) return failure("registry.import.noFile", 400);
    const file = upload.form.get("file");
    if (!(file instanceof Blob) || file.size === 0) return failure("registry.import.noFile", 400);
    const fileName = ((file as File).name || "upload").slice(0, 200);
    const parsed = await parseHouseholdFile(new Uint8Array(await file.arrayBuffer()));
    if (!parsed.ok)
      return failure(`registry.import.parse.${parsed.code}`, 400, {
        missing: parsed.missing?.join("、") ?? "",
      });
    const preview = await previewImport({ caller: user, rows: parsed.rows });
    invariantResponse(preview.ok, "Forbidden", { status: 403 });
    const token = await saveImportFile({ ownerId: user.id, fileName, rows: parsed.rows });
    const errors = preview.report.rows.filter((r) => r.status === "error").slice(0, SHOWN_ERRORS);
    return json<ActionData>({ stage: "preview", token, fileName, counts: preview.report.counts, errors });
  }
  // Step 2: apply the stored file.
  const form = await parseForm(request, ApplyForm);
  if (!form.ok) return failure("registry.import.expired", 400);
  const stored = await loadImportFile({ ownerId: user.id, token: form.data.token });
  if (!stored) return failure("registry.import.expired", 410, undefined, form.data.token);
  const result = await applyImport({
    caller: user,
    rows: stored.rows,
    fileName: stored.fileName,
    progressToken: form.data.token,
    progressSession: await signedSessionIdOf(request),
  });
  if (result.ok)
    return json<ActionData>({
      stage: "applied",
      token: form.data.token,
      fileName: stored.fileName,
      counts: result.report.counts,
    });
  invariantResponse(result.code !== "forbidden", "Forbidden", { status: 403 });
  if (result.code === "conflict" || !result.report)
    return failure("registry.import.conflict", 409, undefined, form.data.token);
  const errors = result.report.rows.filter((r) => r.status === "error").slice(0, SHOWN_ERRORS);
  return json<ActionData>(
    {
      stage: "rejected",
      token: form.data.token,
      fileName: stored.fileName,
      counts: result.report.counts,
      errors,
    },
    { status: 422 },
  );
}

const POLL_MS = 500;

/** While `active`, the import's progress from the progress route (null before the first answer). */
function useImportProgress(token: string | null, active: boolean): ImportProgress | null {
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  useEffect(() => {
    setProgress(null);
    if (!active || !token) return;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await fetch(`/official/households/import/progress?token=${token}`, {
          headers: { Accept: "application/json" },
        });
        if (!stopped && response.ok) setProgress((await response.json()) as ImportProgress);
      } catch {
        // A missed poll is fine: the next one or the confirm's answer follows.
      }
    };
    void poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [token, active]);
  return progress;
}

export default function ImportHouseholdsPage() {
  const posted = useActionData<typeof action>() as ActionData | undefined;
  // The confirm goes through this fetcher when JavaScript runs; its answer (for the file shown,
  // not one uploaded before) replaces the preview like the no-JavaScript post does.
  const apply = useFetcher<typeof action>({ key: "household-import-apply" });
  const applied = apply.data as ActionData | undefined;
  const previewToken = posted && posted.stage !== "error" ? posted.token : null;
  const data = applied && previewToken && applied.token === previewToken ? applied : posted;
  const applying = apply.state !== "idle";
  const progress = useImportProgress(previewToken, applying);
  const t = useT();
  const reportLink = (token: string) => (
    <a
      href={`/official/households/import/report?token=${token}`}
      className="text-brand-700 underline"
      download
    >
      {t("registry.import.download")}
    </a>
  );
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <Link to="/official/households" className="text-sm text-brand-700 hover:underline">
        ← {t("registry.back")}
      </Link>
      <h1 className="mt-2 text-2xl font-bold">{t("registry.import.title")}</h1>
      <p className="mt-3 rounded-lg bg-amber-50 p-3 text-amber-900 ring-1 ring-amber-200">
        {t("registry.import.rule")}
      </p>
      <p className="mt-3 text-sm text-stone-600">{t("registry.import.format")}</p>

      {data?.stage === "error" && (
        <p role="alert" className="mt-4 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(data.error, data.vars)}
        </p>
      )}

      <Form method="post" encType="multipart/form-data" className="mt-6 space-y-4">
        <div>
          <label htmlFor="file" className="block text-sm font-medium">
            {t("registry.import.file")}
          </label>
          <input
            id="file"
            name="file"
            type="file"
            required
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            className="mt-1"
          />
        </div>
        <SubmitButton>{t("registry.import.preview")}</SubmitButton>
      </Form>

      {data && data.stage !== "error" && (
        <section className="mt-8" aria-live="polite">
          <h2 className="text-xl font-semibold">{data.fileName}</h2>
          <p className="mt-2">{t("registry.import.summary", { ...data.counts })}</p>
          {data.stage === "applied" && (
            <p role="status" className="mt-2 rounded-lg bg-green-50 p-3 text-green-800 ring-1 ring-green-200">
              {t("registry.import.done", { ...data.counts })}
            </p>
          )}
          {data.stage !== "applied" && data.counts.error > 0 && (
            <p role="alert" className="mt-2 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
              {t("registry.import.hasErrors")}
            </p>
          )}
          <p className="mt-2">{reportLink(data.token)}</p>
          {data.stage !== "applied" && data.errors.length > 0 && (
            <>
              {data.errors.length < data.counts.error && (
                <p className="mt-2 text-sm">{t("registry.import.shownErrors", { n: data.errors.length })}</p>
              )}
              <table className="mt-2 w-full text-left text-sm">
                <thead>
                  <tr className="border-b">
                    <th className="p-2">{t("registry.import.col.row")}</th>
                    <th className="p-2">{t("registry.col.registryCode")}</th>
                    <th className="p-2">{t("registry.import.col.messages")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.errors.map((r) => (
                    <tr key={r.row} className="border-b">
                      <td className="p-2">{r.row}</td>
                      <td className="p-2">{r.registryCode}</td>
                      <td className="p-2">
                        {r.messages
                          .map((m) => t(`registry.row.${m.code}`, { rows: m.rows ?? "" }))
                          .join("；")}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )}
          {data.stage === "preview" && data.counts.error === 0 && (
            <apply.Form method="post" className="mt-4">
              <input type="hidden" name="intent" value="apply" />
              <input type="hidden" name="token" value={data.token} />
              <button
                type="submit"
                disabled={applying}
                className="w-full rounded-lg bg-brand-600 py-3 font-semibold text-white hover:bg-brand-700 focus:outline-none focus:ring-2 focus:ring-brand-700 focus:ring-offset-2 disabled:opacity-60"
              >
                {t("registry.import.apply")}
              </button>
            </apply.Form>
          )}
          {data.stage === "preview" && applying && (
            <div className="mt-4" role="status" aria-live="polite">
              <progress
                className="h-3 w-full"
                max={progress?.total ?? data.counts.total}
                value={
                  progress?.state === "writing" || progress?.state === "done" ? progress.done : undefined
                }
                aria-label={t("registry.import.progressLabel")}
              />
              <p className="mt-1 text-sm tabular-nums" data-testid="import-progress">
                {progress?.state === "writing" || progress?.state === "done"
                  ? t("registry.import.progress", { done: progress.done, total: progress.total })
                  : t("registry.import.checking", { total: data.counts.total })}
              </p>
            </div>
          )}
        </section>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
