"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Button } from "@/app/_components/ui";

const ROLES = [
  { key: "lead", label: "Discussion lead" },
  { key: "summariser", label: "Summariser" },
  { key: "questions", label: "Questions" },
] as const;
type RoleKey = (typeof ROLES)[number]["key"];

/** Organisers pick who holds each role, or hand the roles round from this session on. */
export function RolesEditor({
  sessionId,
  members,
  current,
  inSeries,
}: {
  sessionId: string;
  members: { id: string; name: string }[];
  current: Partial<Record<RoleKey, string>>;
  inSeries: boolean;
}) {
  const router = useRouter();
  const [note, setNote] = useState("");
  async function set(role: RoleKey, userId: string) {
    const result = await callApi(`/api/sessions/${sessionId}/roles`, {
      method: "PUT",
      json: { [role]: userId === "" ? null : userId },
    });
    setNote(result.ok ? "Saved." : result.message);
    if (result.ok) router.refresh();
  }
  async function rotate() {
    const result = await callApi<{ sessions: number }>(`/api/sessions/${sessionId}/roles/rotate`, {
      method: "POST",
    });
    setNote(
      result.ok
        ? `Roles handed round ${result.data.sessions} session${result.data.sessions === 1 ? "" : "s"}.`
        : result.message,
    );
    if (result.ok) router.refresh();
  }
  return (
    <div className="space-y-3">
      {ROLES.map((role) => (
        <label key={role.key} className="flex items-center justify-between gap-3 text-sm">
          <span>{role.label}</span>
          <select
            defaultValue={current[role.key] ?? ""}
            onChange={(event) => void set(role.key, event.currentTarget.value)}
            className="w-44 rounded-md border border-line bg-white px-2 py-1 dark:bg-black/20"
          >
            <option value="">Nobody yet</option>
            {members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
        </label>
      ))}
      <Button type="button" variant="secondary" onClick={() => void rotate()}>
        {inSeries ? "Rotate roles from here to the end of the series" : "Rotate roles"}
      </Button>
      {note ? (
        <p role="status" className="text-sm text-muted">
          {note}
        </p>
      ) : null}
    </div>
  );
}
