import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { BarChart, formatChartValue, TrendChart } from "./charts";

describe("server-rendered charts", () => {
  it("a bar chart is a complete <svg> in the server HTML, with its title", () => {
    const html = renderToString(
      <BarChart
        id="t"
        title="按乡镇销售额"
        description="desc"
        format="fen"
        data={[
          { label: "阳店镇", value: 123400 },
          { label: "大王镇", value: 5600 },
        ]}
      />,
    );
    expect(html).toContain("<svg");
    expect(html.match(/class="chart-bar"/g)?.length).toBe(2);
    expect(html).toContain("阳店镇");
    expect(html).toContain("按乡镇销售额");
  });

  it("a trend chart draws one series per key; no data shows the empty text and no svg", () => {
    const html = renderToString(
      <TrendChart
        id="m"
        title="月度趋势"
        format="count"
        kind="line"
        series={[
          { key: "a", label: "订单" },
          { key: "b", label: "买家" },
        ]}
        data={[
          { label: "2026-01", a: 3, b: 2 },
          { label: "2026-02", a: 5, b: 1 },
        ]}
      />,
    );
    expect(html).toContain("<svg");
    expect(html.match(/class="chart-line"/g)?.length).toBe(2);
    const empty = renderToString(
      <TrendChart
        id="e"
        title="x"
        format="fen"
        series={[{ key: "a", label: "a" }]}
        data={[]}
        emptyText="暂无数据"
      />,
    );
    expect(empty).not.toContain("<svg");
    expect(empty).toContain("暂无数据");
  });

  it("renders the same markup every time (what the server sends is what the browser hydrates)", () => {
    const chart = () =>
      renderToString(
        <div>
          <TrendChart
            id="m"
            title="月度趋势"
            format="fen"
            series={[
              { key: "a", label: "帮扶" },
              { key: "b", label: "其他" },
            ]}
            data={[{ label: "2026-01", a: 300, b: 200 }]}
          />
          <BarChart id="t" title="按乡镇" format="fen" data={[{ label: "阳店镇", value: 123400 }]} />
        </div>,
      );
    expect(chart()).toBe(chart());
  });

  it("scales with its container and shows every period of a year", () => {
    const months = Array.from({ length: 12 }, (_, i) => ({
      label: `2026-${String(i + 1).padStart(2, "0")}`,
      a: (i + 1) * 1000,
    }));
    const html = renderToString(
      <TrendChart
        id="y"
        title="月度"
        format="fen"
        series={[{ key: "a", label: "销售额" }]}
        data={months}
        width={640}
      />,
    );
    expect(html).toMatch(/<svg[^>]*viewBox="0 0 \d+ \d+"[^>]*width="100%"/);
    expect(html.match(/class="chart-bar"/g)?.length).toBe(12);
    expect(html).toContain("2026-12 销售额: ¥120");
  });

  it("formats axis values through the money formatter", () => {
    expect(formatChartValue(123400, "fen")).toBe("¥1,234");
    expect(formatChartValue(12345, "fen")).toBe("¥123.45");
    expect(formatChartValue(12345, "count")).toBe("12,345");
  });
});
