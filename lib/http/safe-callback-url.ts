/** Only same-site paths: an open redirect would let a phishing link bounce through us. */
export function safeCallbackUrl(value: string | undefined | null, fallback = "/groups"): string {
  if (!value || !value.startsWith("/") || value.startsWith("//") || value.startsWith("/\\"))
    return fallback;
  return value;
}
