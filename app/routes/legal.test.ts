// The privacy policy and the user agreement: public pages named by the settings, in the sitemap.
import { describe, expect, it } from "vitest";
import { call, getRequest } from "../../tests/support/requests";
import { loader as privacy } from "./privacy";
import { loader as sitemap } from "./sitemap[.]xml";
import { loader as terms } from "./terms";

describe("/privacy, /terms and the sitemap", () => {
  it("serve both pages with the operator and the customer-service phone from the settings", async () => {
    for (const [path, loader] of [
      ["/privacy", privacy],
      ["/terms", terms],
    ] as const) {
      const response = await call(() => loader({ request: getRequest(path), params: {}, context: {} }));
      expect(response.status).toBe(200);
      const body = (await response.json()) as { operator: string; phone: string; origin: string };
      expect(body.operator).toContain("演示");
      expect(body.phone).toMatch(/^[0-9-]+$/);
    }
  });

  it("list both pages in the sitemap", async () => {
    const response = await call(() =>
      sitemap({ request: getRequest("/sitemap.xml"), params: {}, context: {} }),
    );
    const xml = await response.text();
    expect(xml).toContain("<loc>http://localhost/privacy</loc>");
    expect(xml).toContain("<loc>http://localhost/terms</loc>");
  });
});
