"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Field } from "@/app/_components/ui";

type Profile = {
  name: string;
  timeZone: string;
  hideCommentsBeyondProgress: boolean;
  emailReminders: boolean;
};

/** The on/off preferences, each a checkbox sent as a boolean of the same name. */
const PREFERENCES = [
  {
    name: "hideCommentsBeyondProgress",
    label:
      "Hide comments beyond where I have read, so the margins of later chapters do not spoil the reading.",
  },
  {
    name: "emailReminders",
    label:
      "E-mail me a reminder before each session I have not declined (when this server sends e-mail; the reminder in the app comes either way).",
  },
] as const;

export function ProfileForm({ initial, timeZones }: { initial: Profile; timeZones: string[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string }>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const response = await fetch("/api/users/me", {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: formString(form, "name", ""),
        timeZone: formString(form, "timeZone", ""),
        ...Object.fromEntries(PREFERENCES.map(({ name }) => [name, form.get(name) === "on"])),
      }),
    });
    setPending(false);
    const payload = (await response.json().catch(() => ({}))) as {
      error?: { message?: string; fields?: Record<string, string> };
    };
    if (!response.ok) {
      setFields(payload.error?.fields ?? {});
      setMessage({ tone: "error", text: payload.error?.message ?? "Could not save." });
      return;
    }
    setFields({});
    setMessage({ tone: "info", text: "Saved." });
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field
        label="Display name"
        name="name"
        defaultValue={initial.name}
        required
        error={fields.name}
      />
      <div className="space-y-1">
        <label htmlFor="timeZone" className="block text-sm font-medium">
          Time zone
        </label>
        <select
          id="timeZone"
          name="timeZone"
          defaultValue={initial.timeZone}
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        >
          {timeZones.includes(initial.timeZone) ? null : (
            <option value={initial.timeZone}>{initial.timeZone}</option>
          )}
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
        {fields.timeZone ? (
          <p className="text-sm text-red-700">{fields.timeZone}</p>
        ) : (
          <p className="text-sm text-muted">Session times are shown in this zone.</p>
        )}
      </div>
      {PREFERENCES.map(({ name, label }) => (
        <label key={name} className="flex items-start gap-2 text-sm">
          <input type="checkbox" name={name} defaultChecked={initial[name]} className="mt-1" />
          <span>{label}</span>
        </label>
      ))}
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : "Save profile"}
      </Button>
    </form>
  );
}
