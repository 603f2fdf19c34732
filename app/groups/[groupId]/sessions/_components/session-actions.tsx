"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";
import { Button } from "@/app/_components/ui";

/**
 * Edit and cancel, for organisers. Cancelling asks first: members are told at once. A session
 * that has already taken place cannot be cancelled, so it offers only Edit.
 */
export function SessionActions({
  groupId,
  sessionId,
  canCancel = true,
}: {
  groupId: string;
  sessionId: string;
  canCancel?: boolean;
}) {
  const router = useRouter();
  const [error, setError] = useState("");
  const { confirm, dialogs } = useDialogs();
  async function cancel() {
    const yes = await confirm({
      title: "Cancel this session?",
      description: "Every member is told, and calendars mark it cancelled.",
      confirmLabel: "Cancel session",
      cancelLabel: "Keep it",
      destructive: true,
    });
    if (!yes) return;
    const result = await callApi(`/api/sessions/${sessionId}/cancel`, { method: "POST" });
    if (!result.ok) return setError(result.message);
    router.refresh();
  }
  return (
    <div className="flex flex-wrap items-center gap-2">
      {dialogs}
      <Link
        href={`/groups/${groupId}/sessions/${sessionId}/edit`}
        className="inline-flex items-center rounded-md border border-line px-4 py-2 text-sm font-medium hover:bg-accent-soft"
      >
        Edit
      </Link>
      {canCancel ? (
        <Button type="button" variant="danger" onClick={() => void cancel()}>
          Cancel session
        </Button>
      ) : null}
      {error ? <span className="text-sm text-red-700">{error}</span> : null}
    </div>
  );
}
