import { randomUUID } from "node:crypto";
import type { Namespace } from "socket.io";
import type { DocumentHost } from "@/lib/documents/host";
import { clientDocName } from "@/lib/documents/names";
import { AppError } from "@/lib/errors/app-error";
import { DocumentRegistryFullError, type DocumentRegistry } from "@/lib/realtime/document-registry";
import type { LiveDocument } from "@/lib/realtime/live-document";
import { encodeUpdateMessage } from "@/lib/realtime/protocol/messages";
import { roomOf } from "@/lib/realtime/rooms";

/**
 * Where commands change documents on a process that runs the socket server: the document held
 * in memory (opened for the command if no socket holds it), stored before anyone is told, then
 * sent to its room on this process (the others relay it from the store).
 */
export function liveDocumentHost(collab: Namespace, registry: DocumentRegistry): DocumentHost {
  return {
    async write(storageName, mutate, persist, prepare) {
      let live: LiveDocument;
      try {
        live = await registry.open(storageName);
      } catch (error) {
        if (!(error instanceof DocumentRegistryFullError)) throw error;
        throw new AppError("busy", "The server is busy; try again soon.");
      }
      // Held for the command's duration, so a full registry cannot let it go mid-command; then
      // the idle timer releases a document opened only for this command.
      const holder = `command:${randomUUID()}`;
      registry.acquire(live, holder);
      try {
        const written = await registry.write(live, mutate, { persist, prepare });
        // This process's clients only: the other processes read it from the store when the
        // channel tells them (or their resync finds it) and send it to theirs.
        if (written.update)
          collab.local
            .to(roomOf(storageName))
            .emit("y", clientDocName(storageName), encodeUpdateMessage(written.update));
        return { result: written.result, update: written.update };
      } finally {
        registry.release(live, holder);
      }
    },
  };
}
