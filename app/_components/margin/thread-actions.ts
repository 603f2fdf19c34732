"use client";

import type { TSendCommand } from "@/app/_components/collab/use-document-commands";
import type { useDialogs } from "@/app/_components/dialogs";
import type { ThreadActions } from "@/app/_components/margin/thread-card";
import { deletePrivateNote, editPrivateNote } from "@/lib/annotations/private-notes";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";
import type { TCommentCommandInput } from "@/lib/collab-client/client-commands";

type Dialogs = Pick<ReturnType<typeof useDialogs>, "confirm" | "prompt">;

/**
 * What a thread card's buttons do: shared threads send comment commands (deleting asks first,
 * flagging asks why), private notes change the member's own notes document.
 */
export function threadActions(
  send: TSendCommand<TCommentCommandInput>,
  notes: CollabDoc | null,
  { confirm, prompt }: Dialogs,
  setError: (message: string | null) => void,
): { shared: ThreadActions; private: ThreadActions } {
  const shared: ThreadActions = {
    reply: (threadId, body) =>
      send("comment.reply", { threadId, messageId: crypto.randomUUID(), body }),
    edit: (threadId, messageId, body) => send("comment.edit", { threadId, messageId, body }),
    remove: (threadId, messageId) => {
      void confirm({
        title: "Delete this comment?",
        confirmLabel: "Delete",
        destructive: true,
      }).then((yes) => {
        if (yes) send("comment.delete", { threadId, messageId });
      });
    },
    resolve: (threadId, resolved) =>
      send(resolved ? "thread.resolve" : "thread.reopen", { threadId }),
    react: (threadId, messageId, emoji) => send("reaction.toggle", { threadId, messageId, emoji }),
    flag: (messageId) => {
      void prompt({
        title: "Flag for moderators",
        label: "Why should moderators look at this comment? (optional)",
        confirmLabel: "Flag",
        multiline: true,
      }).then(async (reason) => {
        if (reason === null) return;
        await fetch(`/api/comments/${messageId}/flag`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ reason }),
        }).then((response) => setError(response.ok ? null : "Could not flag the comment."));
      });
    },
  };
  const privateActions: ThreadActions = {
    reply: () => undefined,
    edit: (threadId, _messageId, body) => notes && editPrivateNote(notes.doc, threadId, body),
    remove: (threadId) => {
      if (!notes) return;
      void confirm({
        title: "Delete this private note?",
        confirmLabel: "Delete",
        destructive: true,
      }).then((yes) => {
        if (yes) deletePrivateNote(notes.doc, threadId);
      });
    },
    resolve: () => undefined,
    react: () => undefined,
  };
  return { shared, private: privateActions };
}
