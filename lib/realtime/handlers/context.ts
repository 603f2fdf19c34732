import type { Namespace, Socket } from "socket.io";
import { encodeAwarenessUpdate, removeAwarenessStates } from "y-protocols/awareness";
import type { DocAccess } from "@/lib/documents/doc-access";
import type { CommandResult } from "@/lib/documents/execute";
import type { CommandLoad } from "@/lib/realtime/budgets/command-load";
import type { TMemberDocumentBudget } from "@/lib/realtime/budgets/member-documents";
import type { UserBudgets } from "@/lib/realtime/budgets/user-budgets";
import type { DocumentRegistry } from "@/lib/realtime/document-registry";
import type { LiveDocument } from "@/lib/realtime/live-document";
import { encodeAwarenessMessage } from "@/lib/realtime/protocol/messages";
import { roomOf } from "@/lib/realtime/rooms";
import { stateOf, type AwarenessOwner } from "@/lib/realtime/socket-state";

/** What every /collab handler shares (one per namespace), as Hocuspocus passes its instance. */
export type CollabContext = {
  collab: Namespace;
  registry: DocumentRegistry;
  budgets: UserBudgets;
  documentBudget: TMemberDocumentBudget;
  /** Each document's command budget and queue bound, and the process's. */
  commandLoad: CommandLoad;
  /** Who owns each presence client id, per document. */
  awarenessOwners: WeakMap<LiveDocument, Map<number, AwarenessOwner>>;
  /** `access`: what the socket joined the document with (kept fresh by membership events). */
  runCommand: (userId: string, payload: unknown, access?: DocAccess) => Promise<CommandResult>;
  /** A socket opened or left a chapter of this group (for "Online now"). */
  onReadingChanged?: (groupId: string) => void;
};

/**
 * A socket leaves a document: its room, its presence states (peers are told), its hold on the
 * live document and its share of the user's join budget.
 */
export function leaveDoc(ctx: CollabContext, socket: Socket, doc: string): void {
  const state = stateOf(socket);
  const joined = state.joined.get(doc);
  if (!joined) return;
  state.joined.delete(doc);
  if (joined.access.kind === "chapter") {
    state.reading = state.reading.filter((open) => open.chapterId !== joined.access.resourceId);
    ctx.onReadingChanged?.(joined.access.groupId);
  }
  void socket.leave(roomOf(joined.access.storageName));
  const clients = [...joined.awarenessClients];
  if (clients.length > 0) {
    removeAwarenessStates(joined.live.awareness, clients, "leave");
    const owners = ctx.awarenessOwners.get(joined.live);
    for (const id of clients) owners?.delete(id);
    ctx.collab
      .to(roomOf(joined.access.storageName))
      .emit(
        "y",
        doc,
        encodeAwarenessMessage(encodeAwarenessUpdate(joined.live.awareness, clients)),
      );
  }
  ctx.registry.release(joined.live, socket.id);
  ctx.budgets.releaseJoin(state.user.id);
}
