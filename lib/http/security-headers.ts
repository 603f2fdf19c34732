/**
 * The headers every page and API answer carries (set by proxy.ts). Pure, so tests can check
 * the policy without a server.
 */

export type SecurityHeaderOptions = {
  /** A fresh random value per request; Next puts it on its own scripts. */
  nonce: string;
  /** The public address: HSTS and upgrade-insecure-requests only when it is https. */
  appUrl: string;
  /** `next dev` evaluates code for fast refresh and its overlay. */
  dev?: boolean;
};

/** A nonce: 128 random bits, base64 (what CSP's nonce-source grammar accepts). */
export function newNonce(): string {
  return btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(16))));
}

/**
 * Scripts run only with this request's nonce ('strict-dynamic' lets them load the chunks they
 * import), so an injected <script> or inline handler does not run. Styles allow inline: React
 * style attributes (margin cards, progress bars) and CodeMirror's injected theme need it, and
 * CSS cannot run code. connect-src 'self' covers the same-origin socket.io (ws/wss included).
 */
export function contentSecurityPolicy({ nonce, appUrl, dev = false }: SecurityHeaderOptions) {
  const https = new URL(appUrl).protocol === "https:";
  const directives = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(https ? ["upgrade-insecure-requests"] : []),
  ];
  return directives.join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): Record<string, string> {
  const https = new URL(options.appUrl).protocol === "https:";
  return {
    "content-security-policy": contentSecurityPolicy(options),
    // For browsers without frame-ancestors.
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    // Only over https: a browser ignores it on http, and a local http run must stay reachable.
    ...(https ? { "strict-transport-security": "max-age=63072000" } : {}),
  };
}

/**
 * What API answers carry (set by the route wrapper): nothing in a JSON answer is to run, be
 * framed or be sniffed into HTML.
 */
export function apiSecurityHeaders(appUrl: string): Record<string, string> {
  const { "content-security-policy": _pagePolicy, ...rest } = securityHeaders({
    nonce: "",
    appUrl,
  });
  return { ...rest, "content-security-policy": "default-src 'none'; frame-ancestors 'none'" };
}
