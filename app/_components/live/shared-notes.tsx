"use client";

import { markdown } from "@codemirror/lang-markdown";
import { basicSetup, EditorView } from "codemirror";
import { useEffect, useRef } from "react";
import { yCollab } from "y-codemirror.next";
import * as Y from "yjs";
import { avatarColor } from "@/app/_components/avatar";
import type { CollabDoc } from "@/lib/collab-client/collab-doc";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";

/**
 * The session's shared notes: a CodeMirror 6 editor bound to the `session-notes:` document's
 * Y.Text by y-codemirror.next, which also draws the others' cursors and selections from the
 * document's awareness.
 */
export function SharedNotes({
  doc,
  user,
}: {
  doc: CollabDoc | null;
  user: { id: string; name: string };
}) {
  const parent = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!doc || !parent.current) return;
    const text = doc.doc.getText(SESSION_NOTES_TEXT);
    const undoManager = new Y.UndoManager(text);
    const color = avatarColor(user.id);
    // y-codemirror reads name and colours from `user`; the server checks `user.id` is ours.
    doc.awareness.setLocalStateField("user", {
      id: user.id,
      name: user.name,
      color,
      colorLight: `${color}33`,
    });
    const view = new EditorView({
      doc: text.toJSON(),
      parent: parent.current,
      extensions: [
        basicSetup,
        markdown(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ "aria-label": "Shared notes" }),
        yCollab(text, doc.awareness, { undoManager }),
      ],
    });
    return () => {
      view.destroy();
      undoManager.destroy();
    };
  }, [doc, user.id, user.name]);
  return (
    <div
      ref={parent}
      data-testid="shared-notes"
      className="live-notes min-h-48 overflow-hidden rounded-md border border-line bg-paper text-sm"
    />
  );
}
