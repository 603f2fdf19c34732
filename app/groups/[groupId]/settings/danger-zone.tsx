"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { useDialogs } from "@/app/_components/dialogs";
import { Alert, Button, Card } from "@/app/_components/ui";

export function DangerZone({
  groupId,
  groupName,
  candidates,
}: {
  groupId: string;
  groupName: string;
  candidates: { userId: string; name: string }[];
}) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const { confirm, prompt, dialogs } = useDialogs();

  async function transfer(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const userId = formString(new FormData(event.currentTarget), "userId", "");
    const name = candidates.find((c) => c.userId === userId)?.name ?? "this member";
    const yes = await confirm({
      title: `Make ${name} the owner?`,
      description: "You will become a moderator.",
      confirmLabel: "Hand over ownership",
      destructive: true,
    });
    if (!yes) return;
    const result = await callApi(`/api/groups/${groupId}/transfer-ownership`, { json: { userId } });
    if (!result.ok) return setError(result.message);
    router.push(`/groups/${groupId}`);
    router.refresh();
  }

  async function remove() {
    const typed = await prompt({
      title: "Delete this group?",
      description:
        "The group and everything in it (texts, comments, sessions) are deleted for good.",
      label: `Type the group's name, ${groupName}, to confirm`,
      mustEqual: groupName,
      confirmLabel: "Delete the group",
      destructive: true,
    });
    if (typed === null || typed.trim() !== groupName) return;
    const result = await callApi(`/api/groups/${groupId}`, { method: "DELETE" });
    if (!result.ok) return setError(result.message);
    router.push("/groups");
    router.refresh();
  }

  return (
    <Card className="border-red-200">
      <h2 className="mb-4 font-serif text-xl font-semibold">Ownership and deletion</h2>
      {dialogs}
      {error ? <Alert>{error}</Alert> : null}
      {candidates.length > 0 ? (
        <form onSubmit={(event) => void transfer(event)} className="flex flex-wrap items-end gap-2">
          <div className="space-y-1">
            <label htmlFor="new-owner" className="block text-sm font-medium">
              Hand ownership to
            </label>
            <select
              id="new-owner"
              name="userId"
              className="rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
            >
              {candidates.map((c) => (
                <option key={c.userId} value={c.userId}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
          <Button type="submit" variant="secondary">
            Transfer ownership
          </Button>
        </form>
      ) : (
        <p className="text-sm text-muted">Invite a member to be able to hand over ownership.</p>
      )}
      <div className="mt-6 border-t border-line pt-4">
        <Button variant="danger" onClick={() => void remove()}>
          Delete group
        </Button>
      </div>
    </Card>
  );
}
