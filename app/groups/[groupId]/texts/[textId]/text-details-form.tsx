"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { callApi } from "@/app/_components/api-client";
import { formString } from "@/app/_components/form-data";
import { Alert, Button, Field } from "@/app/_components/ui";

/**
 * "Edit title and author", for those who may edit texts: the importer guesses both from the file
 * (a file with no title line is named after the file), and the group corrects them here.
 */
export function TextDetailsForm({
  textId,
  title,
  author,
}: {
  textId: string;
  title: string;
  author: string | null;
}) {
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const result = await callApi(`/api/texts/${textId}`, {
      method: "PATCH",
      json: { title: formString(form, "title"), author: formString(form, "author") },
    });
    setBusy(false);
    if (!result.ok) return setError(result.message);
    setEditing(false);
    router.refresh();
  }

  if (!editing)
    return (
      <Button
        type="button"
        variant="secondary"
        className="ml-3 mt-4"
        onClick={() => setEditing(true)}
      >
        Edit title and author
      </Button>
    );
  return (
    <form onSubmit={save} className="mt-4 space-y-3" aria-label="Title and author">
      <Field label="Title" name="title" defaultValue={title} required maxLength={300} autoFocus />
      <Field
        label="Author"
        name="author"
        defaultValue={author ?? ""}
        maxLength={300}
        hint="Leave empty when the text has no named author."
      />
      {error ? <Alert>{error}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={busy}>
          {busy ? "Saving…" : "Save"}
        </Button>
        <Button type="button" variant="secondary" onClick={() => setEditing(false)}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
