import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { DataTable } from "./data-table";

const rows = (names: string[]) =>
  names.map((n) => (
    <tr key={n}>
      <th scope="row">{n}</th>
      <td>1</td>
    </tr>
  ));

describe("DataTable", () => {
  it("renders the wrapper, caption, column headings with scope=col on one line, numeric ones right-aligned, and the rows", () => {
    const html = renderToStaticMarkup(
      <DataTable
        className="mt-4"
        testId="t"
        caption="订单 Orders"
        headers={[{ label: "名称" }, { label: "金额", numeric: true }]}
        empty="无"
      >
        {rows(["甲", "乙"])}
      </DataTable>,
    );
    expect(html).toMatch(
      /^<div class="overflow-x-auto rounded-xl bg-white ring-1 ring-stone-200 mt-4" tabindex="0">/,
    );
    expect(html).toContain('<table class="dt-cards w-full text-left text-sm" data-testid="t">');
    expect(html).toContain('<caption class="sr-only">订单 Orders</caption>');
    expect(html).toContain('<th scope="col" class="whitespace-nowrap px-3 py-2 font-medium">名称</th>');
    expect(html).toContain(
      '<th scope="col" class="whitespace-nowrap px-3 py-2 font-medium text-right">金额</th>',
    );
    // Each cell carries its column's label and one value box, for the phone's cards.
    expect(html).toContain(
      '<tbody class="divide-y divide-stone-100"><tr><th scope="row" data-label="名称"><div class="dt-value">甲</div></th><td data-label="金额"><div class="dt-value">1</div></td>',
    );
    expect(html).toContain("乙");
    expect(html).not.toContain("无");
  });

  it("shows the empty row spanning the visible columns only when there are no rows; skips false columns", () => {
    const html = renderToStaticMarkup(
      <DataTable headers={[{ label: "A" }, false, { label: "C" }, null]} empty="暂无数据">
        {rows([])}
      </DataTable>,
    );
    expect(html.match(/scope="col"/g)).toHaveLength(2);
    expect(html).toContain('<td colSpan="2" class="px-3 py-6 text-center text-stone-500">暂无数据</td>');
    expect(html).not.toContain("<caption");
  });

  it("with no `empty` and no rows the body stays empty; sr-only headings and a footer render", () => {
    const html = renderToStaticMarkup(
      <DataTable
        headers={[{ label: "名称" }, { label: "撤销", srOnly: true }]}
        footer={
          <tr>
            <td>合计</td>
          </tr>
        }
      >
        {[]}
      </DataTable>,
    );
    expect(html).toContain('<tbody class="divide-y divide-stone-100"></tbody>');
    expect(html).toContain('<span class="sr-only">撤销</span>');
    expect(html).toContain("<tfoot");
    expect(html).toContain("合计");
  });

  it("labels cells by their column through false columns, fragments and spans; leaves sr-only and spanning cells bare", () => {
    const show = false;
    const html = renderToStaticMarkup(
      <DataTable
        headers={[
          { label: "单号" },
          show && { label: "隐藏" },
          { label: "金额", numeric: true },
          { label: "撤销", srOnly: true },
        ]}
        footer={
          <tr>
            <td colSpan={2}>合计</td>
            <td>9</td>
          </tr>
        }
      >
        <>
          <tr>
            {show && <td>x</td>}
            <td>A-1</td>
            <td>¥1.00</td>
            <td>
              <button>撤销</button>
            </td>
          </tr>
        </>
      </DataTable>,
    );
    expect(html).toContain('<td data-label="单号"><div class="dt-value">A-1</div></td>');
    expect(html).toContain('<td data-label="金额"><div class="dt-value">¥1.00</div></td>');
    expect(html).toContain("<td><button>撤销</button></td>");
    // The footer's spanning cell covers 单号 and 金额: the next one sits under the sr-only column.
    expect(html).toContain('<td colSpan="2">合计</td><td>9</td>');
  });
});
