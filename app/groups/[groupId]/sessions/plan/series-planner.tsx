"use client";

import { useRouter } from "next/navigation";
import { DateTime } from "luxon";
import { type ReactNode, useId, useMemo, useRef, useState } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button } from "@/app/_components/ui";
import { formatSessionTime } from "@/lib/sessions/schedule/format-session-time";
import { CHAPTERS, WORDS, formatCount } from "@/lib/format/count";

type Text = {
  id: string;
  title: string;
  chapters: { id: string; title: string; wordCount: number }[];
};
type Preview = {
  timeZone: string;
  sessions: {
    index: number;
    title: string;
    startsAt: string;
    endsAt: string;
    localDate: string;
    chapters: { id: string; title: string; wordCount: number }[];
  }[];
};

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const input = "block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20";

function nextWeekday(weekday: number): string {
  const date = new Date();
  const today = ((date.getDay() + 6) % 7) + 1;
  date.setDate(date.getDate() + ((weekday - today + 7) % 7 || 7));
  return date.toISOString().slice(0, 10);
}

/**
 * A labelled control. The label sits beside the control, not around it: a label wrapping a
 * select gives it the options' text as part of its accessible name ("Text Bureaucratism…").
 */
function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block font-medium">
        {label}
      </label>
      {children(id)}
    </div>
  );
}

/**
 * The series planner: a text and its chapters, how much per session, when, where → the whole
 * plan previewed → created in one step.
 */
export function SeriesPlanner({
  groupId,
  texts,
  homeTimeZone,
  viewerTimeZone,
  timeZones,
}: {
  groupId: string;
  texts: Text[];
  homeTimeZone: string;
  viewerTimeZone: string;
  timeZones: string[];
}) {
  const router = useRouter();
  const [textId, setTextId] = useState(texts[0]?.id ?? "");
  const text = texts.find((entry) => entry.id === textId);
  const [excluded, setExcluded] = useState<string[]>([]);
  const [modeKind, setModeKind] = useState<"chapters" | "words">("chapters");
  const [perSession, setPerSession] = useState(2);
  const [wordsPerSession, setWordsPerSession] = useState(8000);
  const [weekdays, setWeekdays] = useState([2]);
  const [startTime, setStartTime] = useState("19:30");
  const [duration, setDuration] = useState(90);
  const [timeZone, setTimeZone] = useState(homeTimeZone);
  const [startDate, setStartDate] = useState(() => nextWeekday(2));
  const [skipDates, setSkipDates] = useState("");
  const [location, setLocation] = useState("");
  const [videoUrl, setVideoUrl] = useState("");
  const [rotateRoles, setRotateRoles] = useState(true);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const previewRef = useRef<HTMLElement>(null);

  const chapterIds = useMemo(
    () => text?.chapters.filter((c) => !excluded.includes(c.id)).map((c) => c.id) ?? [],
    [text, excluded],
  );
  const skipList = skipDates
    .split(/[\s,]+/)
    .map((value) => value.trim())
    .filter(Boolean);
  // The skipped dates that fall inside the previewed plan, to show they were left out.
  const skippedInPlan = preview
    ? skipList.filter(
        (date) =>
          date >= (preview.sessions[0]?.localDate ?? "") &&
          date <= (preview.sessions.at(-1)?.localDate ?? ""),
      )
    : [];
  const body = () => ({
    textId,
    chapterIds,
    mode:
      modeKind === "chapters"
        ? { kind: "chapters", perSession }
        : { kind: "words", perSession: wordsPerSession },
    weekdays,
    startTime,
    durationMinutes: duration,
    timeZone,
    startDate,
    skipDates: skipList,
    location,
    videoUrl,
    rotateRoles,
    assignChapters: true,
  });

  async function showPreview() {
    setBusy(true);
    const result = await callApi<Preview>(`/api/groups/${groupId}/sessions/series/preview`, {
      json: body(),
    });
    setBusy(false);
    if (!result.ok) {
      setPreview(null);
      return setError(
        [result.message, ...Object.entries(result.fields).map(([k, v]) => `${k}: ${v}`)][0] ??
          result.message,
      );
    }
    setError("");
    setPreview(result.data);
    // On a phone the preview is below the whole form: bring it into view.
    requestAnimationFrame(() => previewRef.current?.scrollIntoView({ block: "nearest" }));
  }

  async function create() {
    setBusy(true);
    const result = await callApi<{ sessionIds: string[] }>(
      `/api/groups/${groupId}/sessions/series`,
      { json: body() },
    );
    setBusy(false);
    if (!result.ok) return setError(result.message);
    router.push(`/groups/${groupId}/sessions`);
    router.refresh();
  }

  // Any change makes the preview stale.
  const change =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPreview(null);
    };

  if (texts.length === 0) return <p className="text-muted">Add a text to the library first.</p>;
  return (
    <div className="grid gap-6 lg:grid-cols-[24rem_minmax(0,1fr)]">
      <div className="space-y-4 text-sm">
        <Field label="Text">
          {(id) => (
            <select
              id={id}
              className={input}
              value={textId}
              onChange={(event) => {
                change(setTextId)(event.currentTarget.value);
                setExcluded([]);
              }}
            >
              {texts.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.title} ({formatCount(entry.chapters.length, CHAPTERS)})
                </option>
              ))}
            </select>
          )}
        </Field>
        <details className="rounded-md border border-line p-2">
          <summary className="cursor-pointer">
            Chapters: {chapterIds.length} of {text?.chapters.length ?? 0}
          </summary>
          <ul className="mt-2 max-h-56 overflow-y-auto">
            {text?.chapters.map((chapter) => (
              <li key={chapter.id}>
                <label className="flex items-center gap-2 py-0.5">
                  <input
                    type="checkbox"
                    checked={!excluded.includes(chapter.id)}
                    onChange={() =>
                      change(setExcluded)(
                        excluded.includes(chapter.id)
                          ? excluded.filter((id) => id !== chapter.id)
                          : [...excluded, chapter.id],
                      )
                    }
                  />
                  <span className="truncate">{chapter.title}</span>
                  <span className="ml-auto shrink-0 text-xs text-muted">
                    {formatCount(chapter.wordCount, WORDS)}
                  </span>
                </label>
              </li>
            ))}
          </ul>
        </details>
        <fieldset className="space-y-2">
          <legend className="font-medium">How much per session</legend>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="per-session"
              aria-label="By chapters"
              checked={modeKind === "chapters"}
              onChange={() => change(setModeKind)("chapters")}
            />
            <input
              type="number"
              min={1}
              aria-label="Chapters per session"
              value={perSession}
              onChange={(event) => change(setPerSession)(Number(event.currentTarget.value))}
              className="w-20 rounded-md border border-line bg-white px-2 py-1 dark:bg-black/20"
            />
            chapters per session
          </label>
          <label className="flex items-center gap-2">
            <input
              type="radio"
              name="per-session"
              aria-label="By words"
              checked={modeKind === "words"}
              onChange={() => change(setModeKind)("words")}
            />
            about
            <input
              type="number"
              min={100}
              step={500}
              aria-label="Words per session"
              value={wordsPerSession}
              onChange={(event) => change(setWordsPerSession)(Number(event.currentTarget.value))}
              className="w-24 rounded-md border border-line bg-white px-2 py-1 dark:bg-black/20"
            />
            words per session (balanced)
          </label>
        </fieldset>
        <fieldset>
          <legend className="mb-1 font-medium">Weekdays</legend>
          <div className="flex flex-wrap gap-1">
            {WEEKDAYS.map((label, i) => {
              const day = i + 1;
              const on = weekdays.includes(day);
              return (
                <button
                  key={label}
                  type="button"
                  aria-pressed={on}
                  onClick={() =>
                    change(setWeekdays)(
                      on ? weekdays.filter((d) => d !== day) : [...weekdays, day].sort(),
                    )
                  }
                  className={`rounded-md border px-2 py-1 ${on ? "border-accent bg-accent text-paper" : "border-line"}`}
                >
                  {label}
                </button>
              );
            })}
          </div>
        </fieldset>
        <div className="grid grid-cols-2 gap-3">
          <Field label="Time">
            {(id) => (
              <input
                id={id}
                type="time"
                className={input}
                value={startTime}
                onChange={(event) => change(setStartTime)(event.currentTarget.value)}
              />
            )}
          </Field>
          <Field label="Length (minutes)">
            {(id) => (
              <input
                id={id}
                type="number"
                min={15}
                step={15}
                className={input}
                value={duration}
                onChange={(event) => change(setDuration)(Number(event.currentTarget.value))}
              />
            )}
          </Field>
        </div>
        <Field label="Time zone">
          {(id) => (
            <select
              id={id}
              className={input}
              value={timeZone}
              onChange={(event) => change(setTimeZone)(event.currentTarget.value)}
            >
              {timeZones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="First possible date">
          {(id) => (
            <input
              id={id}
              type="date"
              className={input}
              value={startDate}
              onChange={(event) => change(setStartDate)(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Dates to skip">
          {(id) => (
            <input
              id={id}
              className={input}
              placeholder="2026-12-22, 2026-12-29"
              value={skipDates}
              onChange={(event) => change(setSkipDates)(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Place">
          {(id) => (
            <input
              id={id}
              className={input}
              value={location}
              onChange={(event) => setLocation(event.currentTarget.value)}
            />
          )}
        </Field>
        <Field label="Video link">
          {(id) => (
            <input
              id={id}
              type="url"
              className={input}
              placeholder="https://…"
              value={videoUrl}
              onChange={(event) => setVideoUrl(event.currentTarget.value)}
            />
          )}
        </Field>
        <label className="flex items-center gap-2">
          <input
            type="checkbox"
            checked={rotateRoles}
            onChange={(event) => setRotateRoles(event.currentTarget.checked)}
          />
          Hand the roles (lead, summariser, questions) round the members
        </label>
        <Button type="button" onClick={() => void showPreview()} disabled={busy || !textId}>
          Preview the plan
        </Button>
      </div>

      <section aria-label="Plan preview" className="scroll-mt-4 space-y-3" ref={previewRef}>
        {error ? <Alert>{error}</Alert> : null}
        {preview ? (
          <>
            <div className="flex flex-wrap items-center justify-between gap-3">
              <p className="text-sm text-muted">
                {preview.sessions.length} sessions, each chapter assigned to everyone, due by its
                session.
                {skippedInPlan.length > 0
                  ? ` Skipped: ${skippedInPlan
                      .map((date) => {
                        const day = DateTime.fromISO(date).setLocale("en-GB");
                        return day.isValid ? day.toFormat("ccc d LLL") : date;
                      })
                      .join(", ")}.`
                  : null}
              </p>
              <Button type="button" onClick={() => void create()} disabled={busy}>
                Create {preview.sessions.length} sessions
              </Button>
            </div>
            <ol className="divide-y divide-line rounded-xl border border-line">
              {preview.sessions.map((session) => (
                <li key={session.index} className="p-3 text-sm">
                  <p className="font-medium">{session.title}</p>
                  <p className="text-muted">
                    {formatSessionTime({
                      startsAt: session.startsAt,
                      endsAt: session.endsAt,
                      viewerTimeZone,
                      homeTimeZone: preview.timeZone,
                    })}
                  </p>
                  <p className="text-xs text-muted">
                    {session.chapters.map((chapter) => chapter.title).join(" · ")} (
                    {session.chapters
                      .reduce((sum, chapter) => sum + chapter.wordCount, 0)
                      .toLocaleString("en-GB")}{" "}
                    words)
                  </p>
                </li>
              ))}
            </ol>
          </>
        ) : (
          <p className="rounded-xl border border-dashed border-line p-6 text-sm text-muted">
            Choose the text and the rhythm, then preview: every session of the plan is listed here
            before anything is created.
          </p>
        )}
      </section>
    </div>
  );
}
