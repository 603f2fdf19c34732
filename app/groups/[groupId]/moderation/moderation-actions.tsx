"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";
import { Alert, Button } from "@/app/_components/ui";

type Action = "hide" | "unhide" | "remove" | "dismiss";

export function ModerationActions({
  commentId,
  hidden,
  flagged,
}: {
  commentId: string;
  hidden: boolean;
  flagged: boolean;
}) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const { confirm, dialogs } = useDialogs();

  async function act(action: Action) {
    if (
      action === "remove" &&
      !(await confirm({
        title: "Remove this comment for everyone?",
        description: "This cannot be undone.",
        confirmLabel: "Remove",
        destructive: true,
      }))
    )
      return;
    setBusy(true);
    setError(undefined);
    const result = await callApi(`/api/comments/${commentId}/moderation`, { json: { action } });
    setBusy(false);
    if (!result.ok) setError(result.message);
    else router.refresh();
  }

  return (
    <div className="space-y-2">
      {dialogs}
      <div className="flex flex-wrap gap-2">
        {hidden ? (
          <Button variant="secondary" disabled={busy} onClick={() => void act("unhide")}>
            Show again
          </Button>
        ) : (
          <Button variant="secondary" disabled={busy} onClick={() => void act("hide")}>
            Hide
          </Button>
        )}
        <Button variant="danger" disabled={busy} onClick={() => void act("remove")}>
          Remove
        </Button>
        {flagged ? (
          <Button variant="secondary" disabled={busy} onClick={() => void act("dismiss")}>
            Dismiss flags
          </Button>
        ) : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
    </div>
  );
}
