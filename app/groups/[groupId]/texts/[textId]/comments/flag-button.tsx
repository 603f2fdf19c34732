"use client";

import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";

/** "Flag for moderators": asks for an optional reason, then files one flag. */
export function FlagButton({ messageId }: { messageId: string }) {
  const [state, setState] = useState<{ done: boolean; error?: string }>({ done: false });
  const { prompt, dialogs } = useDialogs();
  async function flag() {
    const reason = await prompt({
      title: "Flag for moderators",
      label: "Why should the moderators look at this comment? (optional)",
      confirmLabel: "Flag",
      multiline: true,
    });
    if (reason === null) return;
    const result = await callApi(`/api/comments/${messageId}/flag`, { json: { reason } });
    setState(result.ok ? { done: true } : { done: false, error: result.message });
  }
  if (state.done)
    return (
      <p className="mt-1 text-xs text-muted" role="status">
        Flagged for the moderators.
      </p>
    );
  return (
    <div className="mt-1">
      {dialogs}
      <button
        type="button"
        onClick={() => void flag()}
        className="text-xs text-muted underline-offset-2 hover:underline"
      >
        Flag for moderators
      </button>
      {state.error ? (
        <p role="alert" className="text-xs text-red-700">
          {state.error}
        </p>
      ) : null}
    </div>
  );
}
