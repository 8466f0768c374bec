// One after-sales claim as both sides see it: the request, its amounts, its photos and every step
// with its time. User text (description, notes) is rendered as text.
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { formatShanghaiDateTime } from "~/lib/dates";
import type { MessageKey } from "~/lib/i18n";
import { formatFen } from "~/lib/money";
import { useT } from "~/lib/use-locale";

export type ClaimView = {
  id: string;
  orderNumber: string;
  productName: string;
  variantSpec: string;
  quantity: number;
  kind: string;
  reason: string;
  description: string;
  requestedFen: number;
  proposedFen: number | null;
  refundedFen: number;
  status: string;
  replyBy: string;
  createdAt: string;
  events: { at: string; actor: string; action: string; amountFen: number | null; note: string }[];
  photos: number[];
};

/** The page around a claim, the same for the shopper, the supplier and the platform: where it came
 * from, the refusal of the last answer if any, the claim, then the side's own forms (`children`). */
export function ClaimPage({
  back,
  claim,
  error,
  children,
}: {
  back: { to: string; label: string };
  claim: ClaimView;
  error?: MessageKey;
  children?: ReactNode;
}) {
  const t = useT();
  return (
    <main className="mx-auto max-w-xl px-4 py-6">
      <p className="text-sm">
        <Link to={back.to} className="text-brand-700 hover:underline">
          {back.label}
        </Link>
      </p>
      <h1 className="mt-1 text-xl font-bold">{t("as.claim.title")}</h1>
      {error && (
        <p role="alert" className="mt-3 rounded-lg bg-red-50 p-3 text-red-800 ring-1 ring-red-200">
          {t(error)}
        </p>
      )}
      <div className="mt-4">
        <ClaimDetails claim={claim} />
      </div>
      {children}
    </main>
  );
}

export function ClaimDetails({ claim }: { claim: ClaimView }) {
  const t = useT();
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-500">{t("as.claim.order", { number: "" })}</dt>
        <dd>{claim.orderNumber}</dd>
        <dt className="text-stone-500">{t("as.col.product")}</dt>
        <dd>
          {claim.productName} · {claim.variantSpec} × {claim.quantity}
        </dd>
        <dt className="text-stone-500">{t("as.field.kind")}</dt>
        <dd>{t(`as.kind.${claim.kind}` as MessageKey)}</dd>
        <dt className="text-stone-500">{t("as.field.reason")}</dt>
        <dd>{t(`as.reason.${claim.reason}` as MessageKey)}</dd>
        <dt className="text-stone-500">{t("as.col.status")}</dt>
        <dd className="font-medium" data-testid="claim-status">
          {t(`as.status.${claim.status}` as MessageKey)}
        </dd>
        {claim.requestedFen > 0 && (
          <>
            <dt className="text-stone-500">{t("as.claim.requested")}</dt>
            <dd>{formatFen(claim.requestedFen)}</dd>
          </>
        )}
        {claim.proposedFen !== null && (
          <>
            <dt className="text-stone-500">{t("as.claim.proposed")}</dt>
            <dd data-testid="claim-proposed">{formatFen(claim.proposedFen)}</dd>
          </>
        )}
        {claim.refundedFen > 0 && (
          <>
            <dt className="text-stone-500">{t("as.claim.refunded")}</dt>
            <dd data-testid="claim-refunded">{formatFen(claim.refundedFen)}</dd>
          </>
        )}
        {claim.status === "awaiting_supplier" && (
          <>
            <dt className="text-stone-500">{t("as.claim.replyBy")}</dt>
            <dd>{formatShanghaiDateTime(claim.replyBy)}</dd>
          </>
        )}
      </dl>
      <p className="whitespace-pre-wrap break-words rounded-lg bg-stone-50 p-3 text-sm">
        {claim.description}
      </p>
      {claim.photos.length > 0 && (
        <section aria-label={t("as.claim.photos")}>
          <ul className="flex flex-wrap gap-2">
            {claim.photos.map((n) => (
              <li key={n}>
                <a href={`/aftersales/${claim.id}/photos/${n}`} className="block">
                  <img
                    src={`/aftersales/${claim.id}/photos/${n}`}
                    alt={t("as.claim.photo", { n: n + 1 })}
                    className="h-20 w-20 rounded object-cover ring-1 ring-stone-200"
                  />
                </a>
              </li>
            ))}
          </ul>
        </section>
      )}
      <section aria-labelledby="claim-steps">
        <h2 id="claim-steps" className="font-semibold">
          {t("as.claim.steps")}
        </h2>
        <ol className="mt-2 space-y-2 border-l-2 border-stone-200 pl-3 text-sm" data-testid="claim-steps">
          {claim.events.map((e, i) => (
            <li key={i}>
              <time className="block text-xs text-stone-500" dateTime={e.at}>
                {formatShanghaiDateTime(e.at)}
              </time>
              {t(`as.actor.${e.actor}` as MessageKey)} · {t(`as.action.${e.action}` as MessageKey)}
              {e.amountFen !== null && ` · ${formatFen(e.amountFen)}`}
              {e.note && <span className="block break-words text-stone-600">{e.note}</span>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}

/** For a return and refund: whether the returned units go back on sale when it is refunded. */
export function RestockChoice({ kind }: { kind: string }) {
  const t = useT();
  if (kind !== "return_refund") return null;
  return (
    <label className="flex items-start gap-2 text-sm">
      <input type="checkbox" name="restock" value="on" className="mt-1" />
      <span>{t("as.restock")}</span>
    </label>
  );
}
