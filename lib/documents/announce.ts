/**
 * The PostgreSQL channel on which processes tell each other what they stored (and, through
 * lib/realtime's event bus, membership and notification events). Delivered on commit only.
 */
export const REALTIME_CHANNEL = "marginalia_realtime";

export type DocumentUpdateEvent = { type: "doc-update"; doc: string; id: string; origin: string };

/** Announces a stored update, inside the transaction that stored it. */
export async function announceDocumentUpdate(
  execute: (sql: string, params: unknown[]) => Promise<unknown>,
  update: Omit<DocumentUpdateEvent, "type">,
): Promise<void> {
  const event: DocumentUpdateEvent = { type: "doc-update", ...update };
  await execute("SELECT pg_notify($1, $2)", [REALTIME_CHANNEL, JSON.stringify(event)]);
}
