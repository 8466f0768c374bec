// Server-rendered SVG charts (recharts 2). Given explicit width/height (never ResponsiveContainer,
// which measures the DOM and renders nothing on the server) and no animation, recharts draws the
// whole <svg> in renderToString, so charts show without JavaScript. The SVG keeps its viewBox and
// scales down with CSS. Each chart is a <figure> with a title and a description; the page's own
// table next to it is the accessible fallback with the exact figures.
import { Bar, BarChart as RBarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import { formatFen } from "~/lib/money";

export type ChartFormat = "fen" | "count";

const COLORS = ["#c2410c", "#0f766e", "#1d4ed8", "#a16207", "#7e22ce", "#be123c"];

/** Axis and tooltip text; money goes through the one formatter (whole yuan without ".00"). */
export function formatChartValue(value: number, format: ChartFormat): string {
  if (format === "count") return new Intl.NumberFormat("zh-CN").format(value);
  return formatFen(Math.round(value)).replace(/\.00$/, "");
}

type Frame = { id: string; title: string; description?: string; children: React.ReactNode; empty?: string | null };

function ChartFrame({ id, title, description, children, empty }: Frame) {
  return (
    <figure className="min-w-0 rounded-xl bg-white p-3 ring-1 ring-stone-200" aria-labelledby={`${id}-title`} aria-describedby={description ? `${id}-desc` : undefined}>
      <figcaption id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </figcaption>
      {description && (
        <p id={`${id}-desc`} className="text-xs text-stone-500">
          {description}
        </p>
      )}
      {empty ? <p className="py-8 text-center text-sm text-stone-500">{empty}</p> : <div className="mt-2 overflow-hidden [&_svg]:h-auto [&_svg]:max-w-full">{children}</div>}
    </figure>
  );
}

export type BarDatum = { label: string; value: number };

type BarChartProps = {
  /** Unique on the page: used for the figure's ids. */
  id: string;
  title: string;
  description?: string;
  data: BarDatum[];
  format: ChartFormat;
  width?: number;
  height?: number;
  /** Shown instead of the chart when there is no data. */
  emptyText?: string;
};

/** Horizontal bars (labels on the left read well in Chinese), one per datum, in the given order. */
export function BarChart({ id, title, description, data, format, width = 640, height, emptyText = "—" }: BarChartProps) {
  const h = height ?? Math.max(120, 36 + data.length * 30);
  const labelWidth = Math.min(180, 24 + Math.max(4, ...data.map((d) => d.label.length)) * 13);
  return (
    <ChartFrame id={id} title={title} description={description} empty={data.length === 0 ? emptyText : null}>
      <RBarChart
        width={width}
        height={h}
        data={data}
        layout="vertical"
        margin={{ top: 4, right: 24, bottom: 4, left: 4 }}
        title={title}
        desc={description}
        role="img"
        aria-label={title}
      >
        <CartesianGrid strokeDasharray="3 3" horizontal={false} />
        <XAxis type="number" tickFormatter={(v: number) => formatChartValue(v, format)} tick={{ fontSize: 11 }} />
        <YAxis type="category" dataKey="label" width={labelWidth} tick={{ fontSize: 12 }} interval={0} />
        <Tooltip formatter={(v: number) => formatChartValue(v, format)} isAnimationActive={false} />
        <Bar dataKey="value" name={title} fill={COLORS[0]} isAnimationActive={false} />
      </RBarChart>
    </ChartFrame>
  );
}

export type TrendSeries = { key: string; label: string };

type TrendChartProps = {
  id: string;
  title: string;
  description?: string;
  /** One row per period (e.g. month "2026-01"), with a number for each series key. */
  data: ({ label: string } & Record<string, number | string>)[];
  series: TrendSeries[];
  format: ChartFormat;
  kind?: "line" | "bar";
  width?: number;
  height?: number;
  emptyText?: string;
};

/** A monthly (or any period) trend: lines or grouped bars, one per series. */
export function TrendChart({ id, title, description, data, series, format, kind = "bar", width = 640, height = 280, emptyText = "—" }: TrendChartProps) {
  const axes = (
    <>
      <CartesianGrid strokeDasharray="3 3" vertical={false} />
      <XAxis dataKey="label" tick={{ fontSize: 11 }} />
      <YAxis tickFormatter={(v: number) => formatChartValue(v, format)} tick={{ fontSize: 11 }} width={86} />
      <Tooltip formatter={(v: number) => formatChartValue(v, format)} isAnimationActive={false} />
      {series.length > 1 && <Legend />}
    </>
  );
  const common = { width, height, data, margin: { top: 8, right: 16, bottom: 4, left: 4 }, title, desc: description, role: "img", "aria-label": title };
  return (
    <ChartFrame id={id} title={title} description={description} empty={data.length === 0 ? emptyText : null}>
      {kind === "line" ? (
        <LineChart {...common}>
          {axes}
          {series.map((s, i) => (
            <Line key={s.key} type="monotone" dataKey={s.key} name={s.label} stroke={COLORS[i % COLORS.length]} strokeWidth={2} dot isAnimationActive={false} />
          ))}
        </LineChart>
      ) : (
        <RBarChart {...common}>
          {axes}
          {series.map((s, i) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} fill={COLORS[i % COLORS.length]} isAnimationActive={false} />
          ))}
        </RBarChart>
      )}
    </ChartFrame>
  );
}
