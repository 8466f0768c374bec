// "数据截至 …": how fresh statistics are (decision 135). The figures may come from a streaming
// replica; the instant is the one the model read before the figures (statsFreshness).
import { formatShanghaiSeconds } from "~/lib/dates";
import { useT } from "~/lib/use-locale";

export function StatsAsOf({ asOf, className }: { asOf: string | null; className?: string }) {
  const t = useT();
  return (
    <p className={className} data-testid="stats-as-of">
      {asOf ? (
        <time dateTime={asOf}>{t("figures.asOf", { time: formatShanghaiSeconds(asOf) })}</time>
      ) : (
        t("figures.asOfUnknown")
      )}
    </p>
  );
}
