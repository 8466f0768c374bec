// Calling route loaders and actions directly with real Requests, keeping the session cookie
// between calls like a browser would.
export class CookieJar {
  private cookies = new Map<string, string>();

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  take(response: Response) {
    const set = response.headers.get("Set-Cookie");
    if (!set) return;
    const [pair] = set.split(";");
    const [name, ...rest] = pair.split("=");
    this.cookies.set(name.trim(), rest.join("="));
  }
}

export function formRequest(path: string, fields: Record<string, string>, jar?: CookieJar): Request {
  return new Request(`http://localhost${path}`, {
    method: "POST",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      ...(jar ? { Cookie: jar.header() } : {}),
    },
    body: new URLSearchParams(fields).toString(),
  });
}

export function getRequest(path: string, jar?: CookieJar): Request {
  return new Request(`http://localhost${path}`, { headers: jar ? { Cookie: jar.header() } : {} });
}

/** Runs a loader/action; returns the thrown Response too (redirects and 404s are thrown). */
export async function call(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
