// Server-rendered SVG charts, drawn here without a chart library: the markup depends only on the
// data, so server and browser render the same thing (recharts numbered its clip paths with a
// process-wide counter and measured text in the DOM: hydration errors #418/#423/#425 on every
// load) and charts show without JavaScript. The SVG has a viewBox and takes its container's width
// (width 100%, height from the aspect ratio), so every period of the range is always visible at
// any width. Each chart is a <figure> with a title and a description; every bar and point carries
// its exact figure in a <title> (the browser's tooltip), and the page's own table next to it is
// the accessible fallback with the exact figures.
import { formatFen } from "~/lib/money";

export type ChartFormat = "fen" | "count";

const COLORS = ["#c2410c", "#0f766e", "#1d4ed8", "#a16207", "#7e22ce", "#be123c"];
// The drawing's own units: near 1:1 with a phone's chart box, scaled up on a desktop.
const VIEW_WIDTH = 400;
const FONT = 11;

const countFormat = new Intl.NumberFormat("zh-CN");
/** Axis and tooltip text; money goes through the one formatter (whole yuan without ".00"). */
export function formatChartValue(value: number, format: ChartFormat): string {
  if (format === "count") return countFormat.format(value);
  return formatFen(Math.round(value)).replace(/\.00$/, "");
}

/** Compact axis text: 1.2万 rather than ¥12,000 (fits a narrow axis). */
function axisValue(value: number, format: ChartFormat): string {
  const units = format === "fen" ? value / 100 : value;
  if (Math.abs(units) >= 10_000) return `${+(units / 10_000).toFixed(1)}万`;
  return countFormat.format(Math.round(units));
}

/** The smallest 1, 2 or 5 × 10^k at or above `max` (a round top for the axis). */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

type Frame = {
  id: string;
  title: string;
  description?: string;
  children: React.ReactNode;
  empty?: string | null;
};

function ChartFrame({ id, title, description, children, empty }: Frame) {
  return (
    <figure
      className="min-w-0 rounded-xl bg-white p-3 ring-1 ring-stone-200"
      aria-labelledby={`${id}-title`}
      aria-describedby={description ? `${id}-desc` : undefined}
    >
      <figcaption id={`${id}-title`} className="text-sm font-semibold">
        {title}
      </figcaption>
      {description && (
        <p id={`${id}-desc`} className="text-xs text-stone-500">
          {description}
        </p>
      )}
      {empty ? (
        <p className="py-8 text-center text-sm text-stone-500">{empty}</p>
      ) : (
        <div className="mt-2">{children}</div>
      )}
    </figure>
  );
}

function Svg({
  id,
  title,
  height,
  children,
}: {
  id: string;
  title: string;
  height: number;
  children: React.ReactNode;
}) {
  return (
    <svg
      viewBox={`0 0 ${VIEW_WIDTH} ${height}`}
      width="100%"
      className="chart block h-auto w-full"
      role="img"
      aria-labelledby={`${id}-svg-title`}
      fontSize={FONT}
      fill="#44403c"
    >
      <title id={`${id}-svg-title`}>{title}</title>
      {children}
    </svg>
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
  /** Kept for callers; the chart always takes its container's width. */
  width?: number;
  height?: number;
  /** Shown instead of the chart when there is no data. */
  emptyText?: string;
};

/** Horizontal bars (labels on the left read well in Chinese), one per datum, in the given order. */
export function BarChart({ id, title, description, data, format, emptyText = "—" }: BarChartProps) {
  const row = 22;
  const height = 8 + data.length * row;
  // Labels longer than 8 characters are cut with "…" (the full one is in the bar's title).
  const shown = data.map((d) => (d.label.length > 8 ? `${d.label.slice(0, 7)}…` : d.label));
  const labelWidth = 8 + Math.max(2, ...shown.map((l) => l.length)) * FONT;
  const x0 = labelWidth;
  const valueRoom = 64;
  const span = VIEW_WIDTH - x0 - valueRoom;
  const max = Math.max(0, ...data.map((d) => d.value));
  return (
    <ChartFrame id={id} title={title} description={description} empty={data.length === 0 ? emptyText : null}>
      <Svg id={id} title={title} height={height}>
        {data.map((d, i) => {
          const y = 4 + i * row;
          const w = max > 0 ? Math.max(0, (d.value / max) * span) : 0;
          return (
            <g key={`${i}-${d.label}`}>
              <title>{`${d.label}: ${formatChartValue(d.value, format)}`}</title>
              <text x={x0 - 6} y={y + row / 2} textAnchor="end" dominantBaseline="middle">
                {shown[i]}
              </text>
              <rect
                className="chart-bar"
                x={x0}
                y={y + 3}
                width={w.toFixed(1)}
                height={row - 6}
                fill={COLORS[0]}
                rx={2}
              />
              <text x={(x0 + w + 4).toFixed(1)} y={y + row / 2} dominantBaseline="middle" fontSize={FONT - 1}>
                {formatChartValue(d.value, format)}
              </text>
            </g>
          );
        })}
      </Svg>
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
  /** Kept for callers; the chart always takes its container's width. */
  width?: number;
  height?: number;
  emptyText?: string;
};

/** A monthly (or any period) trend: lines or grouped bars, one per series, every period shown. */
export function TrendChart({
  id,
  title,
  description,
  data,
  series,
  format,
  kind = "bar",
  height = 220,
  emptyText = "—",
}: TrendChartProps) {
  const left = 40;
  const right = 8;
  const top = 8;
  const legend = series.length > 1 ? 18 : 0;
  const bottom = 20 + legend;
  const plotW = VIEW_WIDTH - left - right;
  const plotH = height - top - bottom;
  const valueOf = (row: (typeof data)[number], key: string) => Number(row[key] ?? 0) || 0;
  const max = niceMax(Math.max(0, ...data.flatMap((row) => series.map((s) => valueOf(row, s.key)))));
  const yOf = (v: number) => top + plotH - (v / max) * plotH;
  const slot = plotW / Math.max(1, data.length);
  // "2026-01" → "01" when every label is a month of one year (the title names the year).
  const sameYear = data.every(
    (d) => /^\d{4}-\d{2}$/.test(d.label) && d.label.slice(0, 4) === data[0].label.slice(0, 4),
  );
  const tick = (label: string) => (sameYear ? label.slice(5) : label);
  // Skip x labels when they would overlap (every period keeps its bar or point).
  const every = Math.max(1, Math.ceil((Math.max(...data.map((d) => tick(d.label).length)) * 6.5 + 4) / slot));
  const gridLines = [0, 0.25, 0.5, 0.75, 1];
  return (
    <ChartFrame id={id} title={title} description={description} empty={data.length === 0 ? emptyText : null}>
      <Svg id={id} title={title} height={height}>
        {gridLines.map((f) => (
          <g key={f}>
            <line
              x1={left}
              x2={VIEW_WIDTH - right}
              y1={yOf(max * f)}
              y2={yOf(max * f)}
              stroke="#e7e5e4"
              strokeDasharray={f === 0 ? undefined : "3 3"}
            />
            <text
              x={left - 4}
              y={yOf(max * f)}
              textAnchor="end"
              dominantBaseline="middle"
              fontSize={FONT - 2}
            >
              {axisValue(max * f, format)}
            </text>
          </g>
        ))}
        {data.map((row, i) =>
          i % every === 0 ? (
            <text
              key={row.label}
              x={(left + slot * (i + 0.5)).toFixed(1)}
              y={top + plotH + 13}
              textAnchor="middle"
              fontSize={FONT - 2}
            >
              {tick(row.label)}
            </text>
          ) : null,
        )}
        {kind === "bar"
          ? data.map((row, i) => {
              const barW = (slot * 0.8) / series.length;
              return series.map((s, j) => {
                const v = valueOf(row, s.key);
                const x = left + slot * i + slot * 0.1 + j * barW;
                return (
                  <rect
                    className="chart-bar"
                    key={`${row.label}-${s.key}`}
                    x={x.toFixed(1)}
                    y={yOf(v).toFixed(1)}
                    width={barW.toFixed(1)}
                    height={(top + plotH - yOf(v)).toFixed(1)}
                    fill={COLORS[j % COLORS.length]}
                  >
                    <title>{`${row.label} ${s.label}: ${formatChartValue(v, format)}`}</title>
                  </rect>
                );
              });
            })
          : series.map((s, j) => {
              const points = data.map(
                (row, i) => [left + slot * (i + 0.5), yOf(valueOf(row, s.key))] as const,
              );
              return (
                <g key={s.key} stroke={COLORS[j % COLORS.length]} fill={COLORS[j % COLORS.length]}>
                  <polyline
                    className="chart-line"
                    points={points.map(([x, y]) => `${x.toFixed(1)},${y.toFixed(1)}`).join(" ")}
                    fill="none"
                    strokeWidth={2}
                  />
                  {points.map(([x, y], i) => (
                    <circle key={data[i].label} cx={x.toFixed(1)} cy={y.toFixed(1)} r={2.5}>
                      <title>{`${data[i].label} ${s.label}: ${formatChartValue(valueOf(data[i], s.key), format)}`}</title>
                    </circle>
                  ))}
                </g>
              );
            })}
        {legend > 0 &&
          series.map((s, j) => (
            <g key={s.key} transform={`translate(${left + j * 130}, ${height - 8})`}>
              <rect x={0} y={-8} width={10} height={10} fill={COLORS[j % COLORS.length]} />
              <text x={14} y={0} fontSize={FONT - 1}>
                {s.label}
              </text>
            </g>
          ))}
      </Svg>
    </ChartFrame>
  );
}
