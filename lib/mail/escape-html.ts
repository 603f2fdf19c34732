// Text into HTML e-mail bodies (session reminders, password reset); in lib/mail so that auth and
// sessions both use it without importing each other.
export function escapeHtml(value: string): string {
  return value
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}
