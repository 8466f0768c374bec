// Only same-site paths: never an open redirect through `redirectTo`. The target is resolved with
// the WHATWG URL parser, as a browser would resolve the Location header (it drops tabs and
// newlines and reads `\` as `/`, so string checks alone let `/\t/evil` and `/./\evil` through).
// The answer is the normalised path + search + hash, percent-encoded: always a valid header value.
const ORIGIN = "http://same-site.invalid";

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/")) return fallback;
  // Control characters (tab, CR, LF, NUL…) and backslashes have no place in a path of ours:
  // refused rather than repaired, since browsers and parsers repair them differently.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f-\u009f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== ORIGIN) return fallback;
  const target = url.pathname + url.search + url.hash;
  // `/.//evil` normalises to `//evil`, which a browser reads as another host.
  if (!target.startsWith("/") || target.startsWith("//")) return fallback;
  return target;
}
