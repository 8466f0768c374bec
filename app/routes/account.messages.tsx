// The messages the platform sent the signed-in person (issue 18): application decisions, staff
// invitations, order paid/shipped/refunded, after-sales replies — by e-mail or, for the demo
// accounts, the texts the demo SMS provider recorded. Only their own (the model filters).
import { json, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { MessageList } from "~/components/message-list";
import { addMessages } from "~/lib/i18n";
import { notificationMessages } from "~/lib/messages/notifications";
import { titleMeta } from "~/lib/seo";
import { useT } from "~/lib/use-locale";
import { requireUser } from "~/models/access/auth.server";
import { openMyMessages } from "~/models/notifications/messages.server";

addMessages(notificationMessages);

export const meta: MetaFunction = ({ matches }) => [
  ...titleMeta(matches, "我的消息", "My messages"),
  { name: "robots", content: "noindex" },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const messages = await openMyMessages({ caller: user });
  return json({ messages }, { headers: { "Cache-Control": "private, no-store" } });
}

export default function MyMessagesPage() {
  const { messages } = useLoaderData<typeof loader>();
  const t = useT();
  return (
    <main className="mx-auto max-w-3xl px-4 py-6">
      <h1 className="text-2xl font-bold">{t("notify.messages.title")}</h1>
      <p className="mt-1 text-sm text-stone-600">{t("notify.messages.intro")}</p>
      <MessageList messages={messages} testId="my-messages" />
    </main>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
