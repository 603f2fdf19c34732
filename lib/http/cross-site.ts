import { AppError } from "@/lib/errors/app-error";

/** Methods that change nothing: a cross-site page may cause them, it cannot read the answer. */
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The body types an HTML form (or a no-cors fetch) on another site can send without a
 * preflight, besides multipart. No route reads them, so they are refused outright.
 */
const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "text/plain"]);

export type TrustedOrigins = {
  /** The public address (APP_URL, or http://localhost:PORT). */
  appUrl: string;
  /** ALLOWED_ORIGINS, comma-separated origins of other front ends that may call the API. */
  allowedOrigins?: string | undefined;
};

/** APP_URL's origin plus each ALLOWED_ORIGINS entry, normalised by the URL parser. */
export function trustedOriginSet({ appUrl, allowedOrigins }: TrustedOrigins): Set<string> {
  const origins = new Set([new URL(appUrl).origin]);
  for (const entry of allowedOrigins?.split(",") ?? []) {
    const trimmed = entry.trim();
    if (!trimmed) continue;
    try {
      origins.add(new URL(trimmed).origin);
    } catch {
      // lib/env validates the list at start-up; a bad entry here simply trusts nothing.
    }
  }
  return origins;
}

/** The MIME type without parameters: `text/plain; x=application/json` is text/plain. */
export function mediaTypeEssence(contentType: string | null): string {
  return (contentType ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
}

function originAllowed(origin: string, host: string | null, trusted: Set<string>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false; // includes the opaque origin "null" (sandboxed frames, data: URLs)
  }
  // An Origin header is exactly scheme://host[:port]; anything else is not a browser's.
  if (parsed.origin !== origin) return false;
  if (trusted.has(parsed.origin)) return true;
  // The origin the request was sent to. Host carries the port, so a page on another port of
  // the same host does not match. A browser sets Host itself; a page cannot choose it.
  return host !== null && parsed.host === host.toLowerCase();
}

/**
 * Refuses (403) a state-changing request that a page of another site may have caused with the
 * user's cookies, and (415) a form-encoded body. Browsers send `Origin` on every non-GET/HEAD
 * request, and `Sec-Fetch-Site` where supported:
 * - `Origin` present: it must be the request's own origin, APP_URL's or one of ALLOWED_ORIGINS;
 * - no `Origin`: `Sec-Fetch-Site` must say `same-origin`;
 * - neither (curl, server-to-server): allowed only without cookies, since without cookies the
 *   request carries no one's authority. Clients that sign in must send `Origin`.
 */
export function assertNotCrossSite(request: Request, trusted: TrustedOrigins): void {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return;
  const { headers } = request;
  const origin = headers.get("origin");
  const fetchSite = headers.get("sec-fetch-site")?.toLowerCase();
  const refuse = () =>
    new AppError(
      "forbidden",
      "Cross-site request refused: send it from the app's own pages (Origin must match APP_URL or ALLOWED_ORIGINS)",
    );
  if (origin !== null) {
    if (!originAllowed(origin, headers.get("host"), trustedOriginSet(trusted))) throw refuse();
  } else if (fetchSite !== undefined) {
    if (fetchSite !== "same-origin") throw refuse();
  } else if (headers.get("cookie")) {
    throw refuse();
  }
  if (FORM_TYPES.has(mediaTypeEssence(headers.get("content-type")))) {
    throw new AppError(
      "unsupported_media_type",
      "Send the body as application/json (or multipart/form-data for an upload)",
    );
  }
}
