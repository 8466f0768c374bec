import { describe, expect, it } from "vitest";
import { z } from "zod";
import { parseForm } from "./form";

const Schema = z.object({ name: z.string().min(1, "required"), note: z.string().optional() });

function multipart(fields: Record<string, string | File>, headers: Record<string, string> = {}): Request {
  const body = new FormData();
  for (const [k, v] of Object.entries(fields)) body.append(k, v);
  const request = new Request("http://localhost/x", { method: "POST", body });
  return new Request(request, { headers: { ...Object.fromEntries(request.headers), ...headers } });
}

const urlencoded = (fields: Record<string, string>) =>
  new Request("http://localhost/x", {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(fields).toString(),
  });

describe("parseForm: one path for URL-encoded and multipart forms", () => {
  it("reads a multipart form with a file like a URL-encoded one, and hands back the file", async () => {
    const file = new File([new Uint8Array([1, 2, 3])], "a.pdf", { type: "application/pdf" });
    const result = await parseForm(multipart({ name: "茶叶", file }), Schema, {
      uploads: { maxBytes: 1024 },
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.data).toEqual({ name: "茶叶" });
    expect(result.values).toEqual({ name: "茶叶" });
    const sent = result.form.get("file");
    expect(sent).toBeInstanceOf(File);
    expect((sent as File).size).toBe(3);

    const plain = await parseForm(urlencoded({ name: "茶叶" }), Schema, { uploads: { maxBytes: 1024 } });
    expect(plain.ok && plain.data).toEqual({ name: "茶叶" });
  });

  it("gives the same field-error shape (string[] per field) for both bodies", async () => {
    const a = await parseForm(multipart({ name: "", note: "x" }), Schema, { uploads: { maxBytes: 1024 } });
    const b = await parseForm(urlencoded({ name: "", note: "x" }), Schema);
    expect(a).toMatchObject({
      ok: false,
      fieldErrors: { name: ["required"] },
      values: { name: "", note: "x" },
    });
    expect(b).toMatchObject({
      ok: false,
      fieldErrors: { name: ["required"] },
      values: { name: "", note: "x" },
    });
  });

  it("keeps the upload size limit: a file over maxBytes is a too_large failure, not a 500", async () => {
    const file = new File([new Uint8Array(5000)], "big.pdf", { type: "application/pdf" });
    const result = await parseForm(multipart({ name: "x", file }), Schema, { uploads: { maxBytes: 1024 } });
    expect(result).toMatchObject({ ok: false, failure: "too_large" });
  });

  it("a body that is not a form: a failure with uploads, a thrown 400 without", async () => {
    const json = () =>
      new Request("http://localhost/x", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: "{}",
      });
    expect(await parseForm(json(), Schema, { uploads: { maxBytes: 1024 } })).toMatchObject({
      ok: false,
      failure: "not_form",
    });
    const thrown = await parseForm(json(), Schema).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(400);
  });
});
