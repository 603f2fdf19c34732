"use client";

import { Plus } from "lucide-react";
import type { ReactNode } from "react";
import { Avatar } from "@/app/_components/avatar";
import type { TPeer } from "@/app/_components/collab/use-peers";

/** Beside each paragraph: a "+" to comment on it, and who else is reading there. */
export function ParagraphGutter({
  paragraphTops,
  peers,
  commentOnParagraph,
}: {
  paragraphTops: Map<string, number>;
  peers: TPeer[];
  commentOnParagraph: (paragraphId: string) => void;
}) {
  return [...paragraphTops].map(([paragraphId, top]) => {
    const here = peers.filter((peer) => peer.paragraphId === paragraphId);
    return (
      <div
        key={paragraphId}
        className="group absolute -left-9 flex flex-col items-center gap-1"
        style={{ top }}
      >
        {/* Faint until hovered, full when focused from the keyboard, and always full on
            touch screens, which have no hover to reveal it. */}
        <button
          type="button"
          aria-label="Comment on this paragraph"
          onClick={() => commentOnParagraph(paragraphId)}
          className="flex h-6 w-6 items-center justify-center rounded-full border border-line bg-paper text-muted opacity-30 transition hover:text-ink focus-visible:opacity-100 group-hover:opacity-100 [@media(hover:none)]:opacity-100"
        >
          <Plus aria-hidden className="h-3.5 w-3.5" strokeWidth={2.25} />
        </button>
        {here.map((peer) => (
          <span key={peer.clientId} title={`${peer.name} is reading here`}>
            <Avatar id={peer.id} name={peer.name} size={16} />
          </span>
        ))}
      </div>
    );
  });
}

/** A card in the margin column at `top`, registered in `cards` so its height can be measured. */
export function PlacedCard({
  id,
  top,
  cards,
  children,
}: {
  id: string;
  top: number;
  cards: Map<string, HTMLElement>;
  children: ReactNode;
}) {
  return (
    <div
      ref={(element) => {
        if (element) cards.set(id, element);
        else cards.delete(id);
      }}
      className="absolute left-0 right-0 transition-[top] duration-150"
      style={{ top }}
    >
      {children}
    </div>
  );
}
