import { appUrl } from "@/lib/env";

/**
 * Only same-origin targets: an open redirect would let a phishing link bounce through us.
 *
 * The value is resolved with the WHATWG URL parser, the same rules the browser applies when it
 * follows the redirect (tabs and newlines dropped, `\` read as `/`, `//host` as another host),
 * so a string check cannot be fooled by `/\t/evil.example`. The answer is the parser's own
 * serialisation of path, query and fragment, so the browser is handed exactly what was checked.
 */
export function safeCallbackUrl(
  value: string | undefined | null,
  fallback = "/groups",
  base: string = appUrl(),
): string {
  if (!value) return fallback;
  let baseUrl: URL;
  let target: URL;
  try {
    baseUrl = new URL(base);
    target = new URL(value, baseUrl);
  } catch {
    return fallback;
  }
  if (target.origin !== baseUrl.origin || target.username || target.password) return fallback;
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A path that starts with `//` would be read as another host once it is a relative URL again.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
