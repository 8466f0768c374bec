import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { StatusBadge } from "./status-badge";

describe("StatusBadge", () => {
  it("never wraps inside its words and passes attributes to the pill", () => {
    const html = renderToStaticMarkup(
      <StatusBadge tone="bad" data-testid="s">
        库存 0
      </StatusBadge>,
    );
    expect(html).toMatch(/^<span data-testid="s" class="[^"]*\bwhitespace-nowrap\b[^"]*">库存 0<\/span>$/);
    expect(html).toContain("bg-red-50");
  });
});
