/**
 * A tiny HTTP client with a cookie jar, for driving the real server as a browser would
 * (next-auth's CSRF token, session cookie).
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly baseUrl: string) {}

  cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }

  async request(pathname: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set("cookie", this.cookieHeader());
    // As a browser does on every request that may change something (lib/http/cross-site.ts);
    // a test that plays another site passes its own Origin.
    const method = (init.method ?? "GET").toUpperCase();
    if (method !== "GET" && method !== "HEAD" && !headers.has("origin"))
      headers.set("origin", new URL(this.baseUrl).origin);
    let body = init.body;
    if (init.json !== undefined) {
      headers.set("content-type", "application/json");
      body = JSON.stringify(init.json);
    }
    const response = await fetch(new URL(pathname, this.baseUrl), {
      ...init,
      headers,
      body,
      redirect: "manual",
    });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const index = pair?.indexOf("=") ?? -1;
      if (!pair || index <= 0) continue;
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(cookie) || value === "")
        this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return response;
  }

  async json<T = unknown>(
    pathname: string,
    init: RequestInit & { json?: unknown } = {},
  ): Promise<{ status: number; body: T }> {
    const response = await this.request(pathname, init);
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T };
  }

  /** Signs in through next-auth's own endpoints; returns the error message on failure. */
  async signIn(
    email: string,
    password: string,
  ): Promise<{ ok: boolean; status: number; error?: string }> {
    const { body: csrf } = await this.json<{ csrfToken: string }>("/api/auth/csrf");
    const response = await this.request("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, email, password, json: "true" }),
    });
    const payload = (await response.json()) as { url?: string };
    const error = payload.url
      ? (new URL(payload.url).searchParams.get("error") ?? undefined)
      : undefined;
    return { ok: response.ok && !error, status: response.status, error };
  }

  async signOut(): Promise<void> {
    const { body: csrf } = await this.json<{ csrfToken: string }>("/api/auth/csrf");
    await this.request("/api/auth/signout", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken: csrf.csrfToken, json: "true" }),
    });
  }
}
