// The platform's signing key (decision 075): Ed25519 from node:crypto. The key is the setting
// CERTIFICATE_SIGNING_KEY (a PKCS#8 PEM); without it — the embedded default — one is generated
// once into DATA_DIR/certificate-key.pem (mode 0600) and kept. Signatures are over the UTF-8 bytes
// of a canonical JSON text (keys sorted, no spaces), so the same payload always signs the same.
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getEnv } from "./env.server";

export const KEY_FILE_NAME = "certificate-key.pem";

type SigningKey = { privateKey: KeyObject; publicKey: KeyObject; keyId: string; publicKeyPem: string };

let cached: SigningKey | undefined;

function loadPem(): string {
  const env = getEnv();
  if (env.CERTIFICATE_SIGNING_KEY) return env.CERTIFICATE_SIGNING_KEY.replace(/\\n/g, "\n");
  const file = path.join(env.DATA_DIR, KEY_FILE_NAME);
  if (!existsSync(file)) {
    const { privateKey } = generateKeyPairSync("ed25519");
    mkdirSync(env.DATA_DIR, { recursive: true });
    try {
      // "wx": of two processes starting at once, the second keeps the first one's key.
      writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }), { mode: 0o600, flag: "wx" });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
  }
  return readFileSync(file, "utf8");
}

/** The platform's key pair, loaded (or generated) once. Throws when the setting is not an Ed25519 key. */
export function signingKey(): SigningKey {
  if (cached) return cached;
  const privateKey = createPrivateKey(loadPem());
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new Error("CERTIFICATE_SIGNING_KEY must be an Ed25519 private key (PKCS#8 PEM)");
  const publicKey = createPublicKey(privateKey);
  const der = publicKey.export({ type: "spki", format: "der" });
  cached = {
    privateKey,
    publicKey,
    keyId: createHash("sha256").update(der).digest("hex").slice(0, 16),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
  return cached;
}

/** Tests that change the key setting re-read it. */
export function resetSigningKeyCache(): void {
  cached = undefined;
}

/** JSON with object keys sorted at every level and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== "object") {
    if (typeof value === "number" && !Number.isFinite(value))
      throw new Error("canonicalJson: non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The Ed25519 signature of `text` (base64) and the id of the key that made it. */
export function signText(text: string): { signature: string; keyId: string } {
  const key = signingKey();
  return {
    signature: sign(null, Buffer.from(text, "utf8"), key.privateKey).toString("base64"),
    keyId: key.keyId,
  };
}

/** Whether `signature` (base64) is the platform key's signature of `text`. */
export function verifyText(text: string, signature: string): boolean {
  try {
    return verify(null, Buffer.from(text, "utf8"), signingKey().publicKey, Buffer.from(signature, "base64"));
  } catch {
    return false;
  }
}
