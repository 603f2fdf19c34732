"use client";

import { formString } from "@/app/_components/form-data";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { Alert, Button, Field } from "@/app/_components/ui";

const EMOJI = ["📚", "📖", "🖋️", "🕯️", "🌿", "☕", "🦉", "🏛️"];

export function CreateGroupForm() {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [fields, setFields] = useState<Record<string, string>>({});
  const [pending, setPending] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    const result = await callApi<{ group: { id: string } }>("/api/groups", {
      json: {
        name: formString(form, "name", ""),
        description: formString(form, "description", ""),
        coverEmoji: formString(form, "coverEmoji", "📚"),
        timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
      },
    });
    setPending(false);
    if (!result.ok) {
      setFields(result.fields);
      setError(Object.keys(result.fields).length ? undefined : result.message);
      return;
    }
    router.push(`/groups/${result.data.group.id}`);
  }

  return (
    <form onSubmit={(event) => void onSubmit(event)} className="space-y-4">
      {error ? <Alert>{error}</Alert> : null}
      <Field
        label="Group name"
        name="name"
        required
        maxLength={100}
        error={fields.name}
        placeholder="The Thursday Seminar"
      />
      <div className="space-y-1">
        <label htmlFor="description" className="block text-sm font-medium">
          Description <span className="font-normal text-muted">(optional)</span>
        </label>
        <textarea
          id="description"
          name="description"
          rows={2}
          maxLength={2000}
          className="block w-full rounded-md border border-line bg-white px-3 py-2 dark:bg-black/20"
        />
      </div>
      <fieldset>
        <legend className="mb-1 text-sm font-medium">Cover</legend>
        <div className="flex flex-wrap gap-2">
          {EMOJI.map((emoji, index) => (
            <label key={emoji} className="cursor-pointer">
              <input
                type="radio"
                name="coverEmoji"
                value={emoji}
                defaultChecked={index === 0}
                className="peer sr-only"
              />
              <span className="flex h-10 w-10 items-center justify-center rounded-lg border border-line text-xl peer-checked:border-accent peer-checked:bg-accent-soft peer-focus-visible:ring-2 peer-focus-visible:ring-accent">
                {emoji}
              </span>
            </label>
          ))}
        </div>
      </fieldset>
      <Button type="submit" disabled={pending}>
        {pending ? "Creating…" : "Create group"}
      </Button>
    </form>
  );
}
