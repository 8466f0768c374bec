import { describe, expect, it } from "vitest";
import { redirectWithToast } from "./toast.server";
import { commitSession, getSession } from "./session.server";

describe("redirectWithToast", () => {
  it("answers 303 to the target with the toast flashed into the caller's own session (other session data kept)", async () => {
    const session = await getSession(new Request("http://x/"));
    session.set("cartId", "cart-1");
    const request = new Request("http://x/form", {
      method: "POST",
      headers: { Cookie: await commitSession(session) },
    });
    const response = await redirectWithToast(request, "/next?a=1", "cart.added");
    expect(response.status).toBe(303);
    expect(response.headers.get("Location")).toBe("/next?a=1");
    const next = await getSession(
      new Request("http://x/next", {
        headers: { Cookie: response.headers.get("Set-Cookie")!.split(";")[0] },
      }),
    );
    expect(next.get("toast")).toBe("cart.added");
    expect(next.get("cartId")).toBe("cart-1");
  });
});
