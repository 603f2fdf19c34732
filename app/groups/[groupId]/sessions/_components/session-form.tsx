"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { formString } from "@/app/_components/form-data";
import { Alert, Button, Field } from "@/app/_components/ui";
import { resolveLocal } from "@/lib/sessions/schedule/local-time";
import { ChapterPicker, type PickerText } from "./chapter-picker";

export type SessionFormInitial = {
  id: string;
  title: string;
  description: string;
  /** Local date and times in the session's own zone (`homeTimeZone`). */
  date: string;
  startTime: string;
  endTime: string;
  location: string;
  videoUrl: string;
  hostId: string;
  chapterIds: string[];
  recap: string;
  /** Later sessions of its series, which a move can take along. */
  following: number;
};

function instant(date: string, time: string, timeZone: string, addDays = 0): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const [hour, minute] = time.split(":").map(Number) as [number, number];
  return resolveLocal({ year, month, day, hour, minute }, timeZone)
    .plus({ days: addDays })
    .toUTC()
    .toISO();
}

/**
 * Create or edit one session. Times are entered in the zone chosen beside them, by default the
 * group's (a new session) or the session's own (an edit), because that is the clock the group
 * meets by; they are sent as UTC instants. A new session is held in the chosen zone (its calendar
 * events and series moves follow that zone's clock changes).
 */
export function SessionForm({
  groupId,
  texts,
  members,
  viewerTimeZone,
  homeTimeZone,
  timeZones = [],
  initial,
}: {
  groupId: string;
  texts: PickerText[];
  members: { id: string; name: string }[];
  viewerTimeZone: string;
  homeTimeZone: string;
  /** The zones offered; the group's and the viewer's are always among them. */
  timeZones?: string[];
  initial?: SessionFormInitial;
}) {
  const router = useRouter();
  const [zone, setZone] = useState(homeTimeZone);
  const zones = [...new Set([homeTimeZone, viewerTimeZone, ...timeZones])];
  const [chapterIds, setChapterIds] = useState(initial?.chapterIds ?? []);
  const [error, setError] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const date = formString(form, "date");
    const start = formString(form, "startTime");
    const end = formString(form, "endTime");
    if (!date || !start || !end) return setError("Give a date, a start and an end time.");
    const startsAt = instant(date, start, zone);
    // An end before the start means the session runs past midnight.
    const endsAt = instant(date, end, zone, end <= start ? 1 : 0);
    const body = {
      title: formString(form, "title"),
      description: formString(form, "description"),
      startsAt,
      endsAt,
      location: formString(form, "location"),
      videoUrl: formString(form, "videoUrl"),
      hostId: formString(form, "hostId") || null,
      chapterIds,
      ...(initial
        ? { recap: formString(form, "recap"), shiftFollowing: form.get("shiftFollowing") === "on" }
        : { timeZone: zone }),
    };
    setBusy(true);
    const result = initial
      ? await callApi<{ session: { id: string } }>(`/api/sessions/${initial.id}`, {
          method: "PATCH",
          json: body,
        })
      : await callApi<{ session: { id: string } }>(`/api/groups/${groupId}/sessions`, {
          json: body,
        });
    setBusy(false);
    if (!result.ok) {
      setFields(result.fields);
      return setError(result.message);
    }
    router.push(`/groups/${groupId}/sessions/${result.data.session.id}`);
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      {error ? <Alert>{error}</Alert> : null}
      <Field
        label="Title"
        name="title"
        required
        defaultValue={initial?.title}
        error={fields.title}
      />
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Date" name="date" type="date" required defaultValue={initial?.date} />
        <Field
          label="Starts"
          name="startTime"
          type="time"
          required
          defaultValue={initial?.startTime ?? "19:30"}
          error={fields.startsAt}
        />
        <Field
          label="Ends"
          name="endTime"
          type="time"
          required
          defaultValue={initial?.endTime ?? "21:00"}
          error={fields.endsAt}
        />
      </div>
      <div className="-mt-2 space-y-1">
        <label htmlFor="session-time-zone" className="block text-sm font-medium">
          Time zone of these times
        </label>
        <select
          id="session-time-zone"
          name="timeZone"
          value={zone}
          onChange={(event) => setZone(event.currentTarget.value)}
          aria-describedby="session-time-zone-hint"
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        >
          {zones.map((option) => (
            <option key={option} value={option}>
              {option.replaceAll("_", " ")}
              {option === homeTimeZone ? (initial ? " (the session's)" : " (the group's)") : ""}
              {option === viewerTimeZone && option !== homeTimeZone ? " (yours)" : ""}
            </option>
          ))}
        </select>
        <p id="session-time-zone-hint" className="text-xs text-muted">
          {zone === viewerTimeZone
            ? "Your own time zone."
            : `Members see the times in their own zones, you in ${viewerTimeZone.replaceAll("_", " ")}.`}
        </p>
      </div>{" "}
      {initial && initial.following > 0 ? (
        <label className="flex items-start gap-2 rounded-md border border-line bg-accent-soft p-3 text-sm">
          <input type="checkbox" name="shiftFollowing" defaultChecked className="mt-1" />
          <span>
            If the time moves, move the {initial.following} following session
            {initial.following === 1 ? "" : "s"} of this series by the same amount (same local time
            of day, across clock changes).
          </span>
        </label>
      ) : null}
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label="Place"
          name="location"
          defaultValue={initial?.location}
          error={fields.location}
          placeholder="The back room of the library"
        />
        <Field
          label="Video link"
          name="videoUrl"
          type="url"
          defaultValue={initial?.videoUrl}
          error={fields.videoUrl}
          placeholder="https://…"
        />
      </div>
      <div className="space-y-1">
        <label htmlFor="hostId" className="block text-sm font-medium">
          Host
        </label>
        <select
          id="hostId"
          name="hostId"
          defaultValue={initial?.hostId ?? ""}
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        >
          <option value="">Nobody yet</option>
          {members.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </select>
      </div>
      <ChapterPicker texts={texts} selected={chapterIds} onChange={setChapterIds} />
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium">
          Description
        </label>
        <textarea
          id="description"
          name="description"
          rows={3}
          defaultValue={initial?.description}
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        />
      </div>
      {initial ? (
        <div className="space-y-1">
          <label htmlFor="recap" className="block text-sm font-medium">
            Notes (recap, for the archive)
          </label>
          <textarea
            id="recap"
            name="recap"
            rows={4}
            defaultValue={initial.recap}
            className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
          />
        </div>
      ) : null}
      <Button type="submit" disabled={busy}>
        {initial ? "Save changes" : "Create session"}
      </Button>
    </form>
  );
}
