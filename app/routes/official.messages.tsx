// Officials: the messages the platform sent them; admins also the whole outbox by status (pending,
// sent, failed after its attempts, e-mail not configured) with each message's attempts and last
// error, the texts the demo SMS provider recorded, and "send again" for a failed one (audited).
import { json, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MessageList } from "~/components/message-list";
import { formatShanghaiDateTime } from "~/lib/dates";
import { parseForm } from "~/lib/form";
import { invariantResponse } from "~/lib/invariant";
import { titleMeta } from "~/lib/seo";
import { redirectWithToast } from "~/lib/toast.server";
import { useT } from "~/lib/use-locale";
import { requireRole } from "~/models/access/auth.server";
import { OFFICIAL_PORTAL_ROLES } from "~/models/access/portal-access";
import { listOutbox, openMyMessages, requeueMessage } from "~/models/notifications/messages.server";
import { DEFAULT_MAX_ATTEMPTS, OUTBOX_STATUSES } from "~/models/notifications/notification-rules";

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "消息与通知", "Messages and notifications"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.messages);
  const wanted = new URL(request.url).searchParams.get("status");
  const status = OUTBOX_STATUSES.find((s) => s === wanted) ?? null;
  const [mine, outbox] = await Promise.all([
    openMyMessages({ caller: user }),
    listOutbox({ caller: user, status }),
  ]);
  return json({ mine, outbox }, { headers: { "Cache-Control": "private, no-store" } });
}

const RequeueForm = z.object({ intent: z.literal("requeue"), id: z.string().trim().max(64) });

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, OFFICIAL_PORTAL_ROLES.messages);
  const form = await parseForm(request, RequeueForm);
  if (!form.ok) return json({ error: "invalid" }, { status: 400 });
  const result = await requeueMessage({ caller: user, id: form.data.id, ip: context.clientIp ?? null });
  if (!result.ok && result.code === "forbidden") throw new Response("Forbidden", { status: 403 });
  invariantResponse(result.ok, "Not found", { status: 404 });
  return redirectWithToast(request, "/official/messages?status=pending", "notify.toast.retried");
}

export default function OfficialMessagesPage() {
  const { mine, outbox } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const t = useT();
  const current = params.get("status");
  const chip = (active: boolean) =>
    `rounded-full px-3 py-1 text-sm ring-1 ${active ? "bg-brand-600 text-white ring-brand-600" : "ring-stone-300 hover:bg-stone-100"}`;
  return (
    <main className="mx-auto max-w-4xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("notify.official.title")}</h1>

      <section aria-labelledby="mine" className="mt-4">
        <h2 id="mine" className="text-lg font-semibold">
          {t("notify.official.mine")}
        </h2>
        <MessageList messages={mine} testId="my-messages" />
      </section>

      {outbox && (
        <section aria-labelledby="outbox" className="mt-8">
          <h2 id="outbox" className="text-lg font-semibold">
            {t("notify.admin.title")}
          </h2>
          <p className="mt-1 text-sm text-stone-600">
            {t("notify.admin.intro", { max: DEFAULT_MAX_ATTEMPTS })}
          </p>
          <p className="mt-2 text-sm" data-testid="outbox-counts">
            {t("notify.admin.counts", outbox.counts)}
          </p>
          <nav aria-label={t("notify.admin.filter")} className="mt-3 flex flex-wrap gap-2">
            <Link to="/official/messages" className={chip(!current)}>
              {t("notify.admin.all")}
            </Link>
            {OUTBOX_STATUSES.map((s) => (
              <Link key={s} to={`/official/messages?status=${s}`} className={chip(current === s)}>
                {t(`notify.messages.status.${s}`)}
              </Link>
            ))}
          </nav>
          <MessageList messages={outbox.messages} admin testId="outbox" />

          <h3 className="mt-8 font-semibold">{t("notify.admin.sms")}</h3>
          {outbox.texts.length === 0 ? (
            <p className="mt-2 text-stone-600">{t("notify.messages.empty")}</p>
          ) : (
            <ul className="mt-2 divide-y divide-stone-200 rounded-xl bg-white ring-1 ring-stone-200">
              {outbox.texts.map((text) => (
                <li key={text.id} className="p-3 text-sm">
                  <p className="text-xs text-stone-500">
                    {text.mobile} · {formatShanghaiDateTime(text.createdAt)}
                  </p>
                  <p className="mt-1 break-words">{text.body}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
      )}
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
