import { getEnv } from "@/lib/env";

/**
 * The public address for absolute links (invites, calendar feeds): APP_URL when configured (behind a proxy the
 * request's own origin is the internal one), else the origin the request came in on.
 */
export function publicBaseUrl(request: Request): string {
  return (getEnv().APP_URL ?? new URL(request.url).origin).replace(/\/$/, "");
}
