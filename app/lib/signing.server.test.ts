// The signing helper: canonical JSON is one text per value, a signature verifies with the public
// key and fails for any changed byte, the key comes from the setting when given (an RSA key is
// refused), else from the file generated once in the data folder.
import { generateKeyPairSync } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { resetEnvCache } from "./env.server";
import {
  canonicalJson,
  KEY_FILE_NAME,
  resetSigningKeyCache,
  signingKey,
  signText,
  verifyText,
} from "./signing.server";

afterEach(() => {
  delete process.env.CERTIFICATE_SIGNING_KEY;
  resetEnvCache();
  resetSigningKeyCache();
});

describe("signing", () => {
  it("writes canonical JSON with sorted keys and no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: "二" }], c: null } })).toBe(
      '{"a":{"c":null,"d":[3,{"y":"二","z":1}]},"b":1}',
    );
    expect(canonicalJson({ x: 1, y: undefined })).toBe('{"x":1}');
    expect(() => canonicalJson({ x: Number.NaN })).toThrow();
  });

  it("signs with the generated key, kept in the data folder, and detects any change", () => {
    const text = canonicalJson({ totalFen: 12_345, households: 7 });
    const { signature, keyId } = signText(text);
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    expect(verifyText(text, signature)).toBe(true);
    expect(verifyText(text.replace("12345", "12346"), signature)).toBe(false);
    expect(verifyText(text, "not base64 at all")).toBe(false);
    const file = path.join(process.env.DATA_DIR!, KEY_FILE_NAME);
    expect(existsSync(file)).toBe(true);
    // The same key after a restart.
    resetSigningKeyCache();
    expect(signingKey().keyId).toBe(keyId);
    expect(readFileSync(file, "utf8")).toContain("BEGIN PRIVATE KEY");
  });

  it("uses CERTIFICATE_SIGNING_KEY when set, and refuses a key that is not Ed25519", () => {
    const own = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    process.env.CERTIFICATE_SIGNING_KEY = own.replace(/\n/g, "\\n");
    resetEnvCache();
    resetSigningKeyCache();
    const before = signingKey().keyId;
    const { signature } = signText("x");
    expect(verifyText("x", signature)).toBe(true);
    expect(signingKey().publicKeyPem).toContain("BEGIN PUBLIC KEY");

    process.env.CERTIFICATE_SIGNING_KEY = generateKeyPairSync("rsa", { modulusLength: 1024 })
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString();
    resetEnvCache();
    resetSigningKeyCache();
    expect(() => signingKey()).toThrow(/Ed25519/);
    expect(before).toMatch(/^[0-9a-f]{16}$/);
  });
});
