"use client";

import type { TSessionCommandInput } from "@/lib/collab-client/client-commands";
import {
  useDocumentCommands,
  type TSendCommand,
} from "@/app/_components/collab/use-document-commands";
import { paragraphText } from "@/lib/annotations/anchoring/selection-to-offsets";
import type { TThreadSnapshot } from "@/lib/annotations/comment-document";
import type { CollabConnection } from "@/lib/collab-client/connection";
import { sessionDoc } from "@/lib/documents/names";

type Anchor = TThreadSnapshot["anchor"];
export type TSpotlightAnchor = Pick<Anchor, "chapterId" | "paragraphId"> & Partial<Anchor>;
export type TSpotlightQuote = { chapterId: string; paragraphId: string; quote: string };
/** Sends one session command: its fields are checked against the server's schema at compile time. */
export type TSend = TSendCommand<TSessionCommandInput>;

/**
 * Commands on the session document (the server checks who may send which), the spotlight's two
 * ways in (a selection, a thread's quote) and the last refusal to show.
 */
export function useLiveCommands(
  connection: CollabConnection | null,
  sessionId: string,
): {
  send: TSend;
  spotlightAnchor: (anchor: TSpotlightAnchor) => void;
  spotlightQuote: (target: TSpotlightQuote) => void;
  error: string | null;
  setError: (message: string | null) => void;
} {
  const { send, error, setError } = useDocumentCommands<TSessionCommandInput>(
    connection,
    sessionDoc(sessionId),
  );
  const spotlightAnchor = (anchor: TSpotlightAnchor) =>
    send("spotlight.set", {
      chapterId: anchor.chapterId,
      paragraphId: anchor.paragraphId,
      ...(anchor.start !== undefined && anchor.end !== undefined && anchor.end > anchor.start
        ? { start: anchor.start, end: anchor.end }
        : {}),
    });
  // A thread from the margins names its quote, not offsets: find it again in the paragraph.
  const spotlightQuote = (target: TSpotlightQuote) => {
    const element = document.getElementById(`p-${target.paragraphId}`);
    const at = element && target.quote ? paragraphText(element).indexOf(target.quote) : -1;
    spotlightAnchor(
      at >= 0
        ? { ...target, start: at, end: at + target.quote.length }
        : { chapterId: target.chapterId, paragraphId: target.paragraphId },
    );
  };
  return { send, spotlightAnchor, spotlightQuote, error, setError };
}
