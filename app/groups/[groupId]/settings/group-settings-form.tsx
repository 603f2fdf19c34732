"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button, Field } from "@/app/_components/ui";

type Settings = {
  name: string;
  description: string;
  coverEmoji: string;
  coverColor: string;
  timeZone: string;
};

export function GroupSettingsForm({
  groupId,
  initial,
  timeZones,
}: {
  groupId: string;
  initial: Settings;
  timeZones: string[];
}) {
  const router = useRouter();
  const [message, setMessage] = useState<{ tone: "error" | "info"; text: string }>();
  const [fields, setFields] = useState<Record<string, string>>({});

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const result = await callApi(`/api/groups/${groupId}`, {
      method: "PATCH",
      json: {
        name: formString(form, "name", ""),
        description: formString(form, "description", ""),
        coverEmoji: formString(form, "coverEmoji", ""),
        coverColor: formString(form, "coverColor", ""),
        timeZone: formString(form, "timeZone", ""),
      },
    });
    if (!result.ok) {
      setFields(result.fields);
      return setMessage({ tone: "error", text: result.message });
    }
    setFields({});
    setMessage({ tone: "info", text: "Saved." });
    router.refresh();
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <Field label="Name" name="name" defaultValue={initial.name} required error={fields.name} />
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium">
          Description
        </label>
        <textarea
          id="description"
          name="description"
          rows={3}
          defaultValue={initial.description}
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        />
      </div>
      <div className="grid grid-cols-2 gap-4">
        <Field
          label="Cover emoji"
          name="coverEmoji"
          defaultValue={initial.coverEmoji}
          error={fields.coverEmoji}
        />
        <div className="space-y-1">
          <label htmlFor="coverColor" className="block text-sm font-medium">
            Cover colour
          </label>
          <input
            id="coverColor"
            name="coverColor"
            type="color"
            defaultValue={initial.coverColor}
            className="h-10 w-full rounded-md border border-line"
          />
        </div>
      </div>
      <div className="space-y-1">
        <label htmlFor="timeZone" className="block text-sm font-medium">
          Home time zone
        </label>
        <select
          id="timeZone"
          name="timeZone"
          defaultValue={initial.timeZone}
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        >
          {timeZones.map((zone) => (
            <option key={zone} value={zone}>
              {zone.replaceAll("_", " ")}
            </option>
          ))}
        </select>
      </div>
      <Button type="submit">Save settings</Button>
    </form>
  );
}
