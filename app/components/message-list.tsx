// The messages the platform sent (e-mail and SMS from the notification outbox), newest first, as a
// list of cards that reads the same at 390 px and on a desktop. `admin` adds recipient, attempts,
// last error and a "send again" form for failed ones.
import { Form } from "@remix-run/react";
import { formatShanghaiDateTime } from "~/lib/dates";
import type { MessageKey } from "~/lib/i18n";
import { useT } from "~/lib/use-locale";

export type ListedMessage = {
  id: string;
  channel: "email" | "sms";
  recipient: string | null;
  subject: string;
  body: string;
  status: "pending" | "sent" | "failed" | "not_configured";
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  unread?: boolean; // the recipient's own list: not opened before this visit
};

const STATUS_TONE: Record<ListedMessage["status"], string> = {
  pending: "bg-amber-50 text-amber-900 ring-amber-200",
  sent: "bg-green-50 text-green-900 ring-green-200",
  failed: "bg-red-50 text-red-800 ring-red-200",
  not_configured: "bg-stone-100 text-stone-700 ring-stone-200",
};

export function MessageList({
  messages,
  admin = false,
  testId,
}: {
  messages: ListedMessage[];
  admin?: boolean;
  testId?: string;
}) {
  const t = useT();
  if (messages.length === 0) return <p className="mt-3 text-stone-600">{t("notify.messages.empty")}</p>;
  return (
    <ul className="mt-3 space-y-3" data-testid={testId}>
      {messages.map((m) => (
        <li
          key={m.id}
          className={`rounded-xl bg-white p-4 ring-1 ${m.unread ? "ring-brand-600" : "ring-stone-200"}`}
          data-testid="message"
          data-unread={m.unread ? "true" : undefined}
        >
          <div className="flex flex-wrap items-center gap-2 text-xs text-stone-600">
            {m.unread && (
              <span className="rounded bg-red-600 px-2 py-0.5 font-semibold text-white">
                {t("notify.messages.unread")}
              </span>
            )}
            <span className="rounded bg-stone-100 px-2 py-0.5">
              {t(`notify.messages.channel.${m.channel}` as MessageKey)}
            </span>
            <span className={`rounded px-2 py-0.5 ring-1 ${STATUS_TONE[m.status]}`}>
              {t(`notify.messages.status.${m.status}` as MessageKey)}
            </span>
            <time dateTime={m.createdAt}>{formatShanghaiDateTime(m.createdAt)}</time>
            {admin && m.recipient && (
              <span className="break-all">
                {t("notify.messages.to")} {m.recipient}
              </span>
            )}
          </div>
          <h3 className="mt-2 font-semibold">{m.subject}</h3>
          <p className="mt-1 whitespace-pre-line break-words text-sm text-stone-700">{m.body}</p>
          {admin && (
            <p className="mt-2 text-xs text-stone-500">
              {t("notify.messages.attempts")} {m.attempts}/{m.maxAttempts}
              {m.lastError && (
                <span className="block break-all text-red-700">
                  {t("notify.messages.error")}: {m.lastError}
                </span>
              )}
            </p>
          )}
          {admin && (m.status === "failed" || m.status === "not_configured") && (
            <Form method="post" className="mt-2">
              <input type="hidden" name="intent" value="requeue" />
              <input type="hidden" name="id" value={m.id} />
              <button
                type="submit"
                className="rounded-lg px-3 py-1 text-sm font-semibold ring-1 ring-stone-300 hover:bg-stone-100"
              >
                {t("notify.admin.retry")}
              </button>
            </Form>
          )}
        </li>
      ))}
    </ul>
  );
}
