import { describe, expect, it } from "vitest";
import { attachmentResponse } from "./attachment.server";

describe("attachmentResponse", () => {
  it("answers a private download under its own (Chinese) name, not cached, not sniffed", async () => {
    const response = attachmentResponse({
      body: new Uint8Array([37, 80, 68, 70]),
      contentType: "application/pdf",
      filename: "检测报告 1.pdf",
    });
    expect(response.headers.get("Content-Type")).toBe("application/pdf");
    expect(response.headers.get("Content-Disposition")).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent("检测报告 1.pdf")}`,
    );
    expect(response.headers.get("Cache-Control")).toBe("private, no-store");
    expect(response.headers.get("X-Content-Type-Options")).toBe("nosniff");
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([37, 80, 68, 70]));
  });
});
