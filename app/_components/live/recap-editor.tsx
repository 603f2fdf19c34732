"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";

/** The host writes (or clears) the recap pinned to one chapter. */
export function RecapEditor({
  sessionId,
  chapterId,
  chapterTitle,
  initial,
}: {
  sessionId: string;
  chapterId: string;
  chapterTitle: string;
  initial: string;
}) {
  const router = useRouter();
  const [body, setBody] = useState(initial);
  const [state, setState] = useState<"idle" | "saving" | "saved">("idle");
  const [failure, setFailure] = useState<string | null>(null);
  const save = async () => {
    setState("saving");
    const result = await callApi(`/api/sessions/${sessionId}/recap`, {
      method: "PUT",
      json: { chapterId, body },
    });
    setState(result.ok ? "saved" : "idle");
    setFailure(result.ok ? null : result.message);
    if (result.ok) router.refresh();
  };
  const id = `recap-${chapterId}`;
  return (
    <form
      className="space-y-1"
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      <label htmlFor={id} className="block text-sm font-medium">
        Recap for “{chapterTitle}”
      </label>
      <textarea
        id={id}
        value={body}
        onChange={(event) => setBody(event.target.value)}
        rows={3}
        className="w-full rounded-md border border-line bg-paper p-2 text-sm"
        placeholder="What the group made of this chapter; pinned at the top of the chapter."
      />
      <div className="flex items-center gap-2">
        <button
          type="submit"
          disabled={state === "saving"}
          className="rounded-md border border-line px-3 py-1 text-sm hover:bg-accent-soft"
        >
          {body.trim() ? "Pin recap" : "Remove recap"}
        </button>
        <span role="status" className="text-xs text-muted">
          {state === "saved" ? "Saved" : (failure ?? "")}
        </span>
      </div>
    </form>
  );
}
