"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { formString } from "@/app/_components/form-data";
import { Alert, Button } from "@/app/_components/ui";
import { resolveLocal } from "@/lib/sessions/schedule/local-time";
import { ChapterPicker, type PickerText } from "../sessions/_components/chapter-picker";
import { CHAPTERS, formatCount } from "@/lib/format/count";

/** Assign chapters to everyone or chosen members, due by a session (default) or a date. */
export function AssignForm({
  groupId,
  texts,
  members,
  sessions,
  viewerTimeZone,
}: {
  groupId: string;
  texts: PickerText[];
  members: { id: string; name: string }[];
  sessions: { id: string; label: string }[];
  viewerTimeZone: string;
}) {
  const router = useRouter();
  const [chapterIds, setChapterIds] = useState<string[]>([]);
  const [who, setWho] = useState<"everyone" | "chosen">("everyone");
  const [due, setDue] = useState<"session" | "date">("session");
  const [note, setNote] = useState<{ tone: "error" | "info"; text: string }>();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const memberIds = form.getAll("memberIds").filter((v): v is string => typeof v === "string");
    const sessionId = formString(form, "sessionId");
    const date = formString(form, "dueDate");
    let dueAt: string | undefined;
    if (due === "date") {
      if (!date) return setNote({ tone: "error", text: "Pick a due date." });
      const [year, month, day] = date.split("-").map(Number) as [number, number, number];
      dueAt = resolveLocal({ year, month, day, hour: 23, minute: 59 }, viewerTimeZone)
        .toUTC()
        .toISO();
    }
    const result = await callApi<{ assignments: unknown[] }>(`/api/groups/${groupId}/assignments`, {
      json: {
        chapterIds,
        ...(who === "chosen" ? { memberIds } : {}),
        ...(due === "session" && sessionId ? { sessionId } : {}),
        ...(dueAt ? { dueAt } : {}),
      },
    });
    if (!result.ok) return setNote({ tone: "error", text: result.message });
    setNote({
      tone: "info",
      text: `Assigned ${formatCount(result.data.assignments.length, CHAPTERS)}.`,
    });
    setChapterIds([]);
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4 text-sm">
      {note ? <Alert tone={note.tone}>{note.text}</Alert> : null}
      <ChapterPicker texts={texts} selected={chapterIds} onChange={setChapterIds} />
      <fieldset className="space-y-1">
        <legend className="font-medium">For</legend>
        <label className="flex items-center gap-2">
          <input type="radio" checked={who === "everyone"} onChange={() => setWho("everyone")} />
          Everyone
        </label>
        <label className="flex items-center gap-2">
          <input type="radio" checked={who === "chosen"} onChange={() => setWho("chosen")} />
          Chosen members
        </label>
        {who === "chosen" ? (
          <div className="ml-6 grid grid-cols-2 gap-1">
            {members.map((member) => (
              <label key={member.id} className="flex items-center gap-2">
                <input type="checkbox" name="memberIds" value={member.id} />
                {member.name}
              </label>
            ))}
          </div>
        ) : null}
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="font-medium">Due</legend>
        <label className="flex items-center gap-2">
          <input type="radio" checked={due === "session"} onChange={() => setDue("session")} />
          By a session
        </label>
        {due === "session" ? (
          <select
            name="sessionId"
            aria-label="Session it is due by"
            className="ml-6 block w-[calc(100%-1.5rem)] min-w-0 max-w-full truncate rounded-md border border-line bg-white px-2 py-1 dark:bg-black/20"
          >
            <option value="">The next session that covers it</option>
            {sessions.map((session) => (
              <option key={session.id} value={session.id}>
                {session.label}
              </option>
            ))}
          </select>
        ) : null}
        <label className="flex items-center gap-2">
          <input type="radio" checked={due === "date"} onChange={() => setDue("date")} />
          By a date
        </label>
        {due === "date" ? (
          <input
            type="date"
            name="dueDate"
            className="ml-6 rounded-md border border-line bg-white px-2 py-1 dark:bg-black/20"
          />
        ) : null}
      </fieldset>
      <Button type="submit" disabled={chapterIds.length === 0}>
        Assign
      </Button>
    </form>
  );
}
