"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { Alert, Button, Card, Field } from "@/app/_components/ui";
import type { TImportPreview } from "@/lib/texts/preview-import";
import type { OutlineNotes, RemovedPartReason } from "@/lib/texts/import/types";
import { sendWithProgress, type TStreamEvent } from "./_components/send-with-progress";
import { CHAPTERS, PARAGRAPHS, WORDS, formatCount } from "@/lib/format/count";
import { chapterListNumber } from "@/lib/texts/chapter-number";

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT =
  ".txt,.md,.markdown,.html,.htm,.xhtml,.epub,.pdf,text/plain,text/markdown,text/html,application/epub+zip,application/pdf";

const STAGE_LABELS: Record<string, string> = {
  upload: "Uploading",
  read: "Reading the file",
  parse: "Cleaning up the text",
  outline: "Finding the chapters",
  epub: "Reading the book's chapters",
  pages: "Reading the pages",
  store: "Saving the paragraphs",
};

type Progress = { label: string; fraction: number };
type Mode = "file" | "paste" | "url";
type Details = { title: string; author: string; language: string };

const REMOVED_LABELS: Record<RemovedPartReason, string> = {
  "distributor-header": "Distributor's header",
  licence: "Licence",
  contents: "Contents list",
  "transcriber-note": "Transcriber's note",
  "page-furniture": "Page headers, footers and other page parts",
  navigation: "Navigation",
  "front-matter": "Front matter",
  other: "Other",
};

/** What the importer left out and which headings it is unsure of, one line each. */
function ImportNotes({ notes }: { notes: OutlineNotes }) {
  if (notes.removed.length === 0 && notes.doubtfulHeadings.length === 0) return null;
  return (
    <div
      className="space-y-2 rounded-md border border-line px-3 py-2 text-sm"
      data-testid="import-notes"
    >
      {notes.removed.length > 0 ? (
        <div>
          <p className="font-medium">Left out of the text</p>
          <ul className="mt-1 space-y-1">
            {notes.removed.map((part, index) => (
              <li key={index} className="flex min-w-0 gap-2">
                <span className="shrink-0">{REMOVED_LABELS[part.reason]}</span>
                <span className="shrink-0 tabular-nums text-muted">
                  {part.characters.toLocaleString("en")} chars
                </span>
                <span className="min-w-0 truncate text-muted" title={part.excerpt}>
                  “{part.excerpt}”
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {notes.doubtfulHeadings.length > 0 ? (
        <div>
          <p className="font-medium">Headings to check</p>
          <ul className="mt-1 space-y-1">
            {notes.doubtfulHeadings.map((heading, index) => (
              <li key={index} className="min-w-0 truncate">
                <span className="tabular-nums text-muted">{heading.chapterIndex + 1}.</span>{" "}
                {heading.title} <span className="text-muted">— {heading.reason}</span>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

/** Title, author and language as the importer found them, to correct before importing. */
function DetailsFields({
  details,
  onChange,
  disabled,
}: {
  details: Details;
  onChange: (details: Details) => void;
  disabled: boolean;
}) {
  return (
    // The panel is a narrow column beside the library: the title gets the whole width.
    <div className="grid grid-cols-[minmax(0,1fr)_6rem] gap-3">
      <div className="col-span-2">
        <Field
          label="Title"
          name="preview-title"
          value={details.title}
          onChange={(event) => onChange({ ...details, title: event.target.value })}
          disabled={disabled}
        />
      </div>
      <Field
        label="Author"
        name="preview-author"
        value={details.author}
        onChange={(event) => onChange({ ...details, author: event.target.value })}
        hint="Empty if none"
        disabled={disabled}
      />
      <Field
        label="Language"
        name="preview-language"
        value={details.language}
        onChange={(event) => onChange({ ...details, language: event.target.value })}
        hint="e.g. en, fr, de"
        disabled={disabled}
      />
    </div>
  );
}
type Phase = "idle" | "previewing" | "preview" | "importing";

/** Where each step sits on one bar: the upload, then the server's stages. */
function overall(stage: string, fraction: number, importing: boolean): number {
  const spans: Record<string, [number, number]> = importing
    ? {
        upload: [0, 0.3],
        read: [0.3, 0.35],
        parse: [0.35, 0.5],
        epub: [0.35, 0.5],
        pages: [0.35, 0.5],
        outline: [0.5, 0.55],
        store: [0.55, 1],
      }
    : {
        upload: [0, 0.5],
        read: [0.5, 0.6],
        parse: [0.6, 0.9],
        epub: [0.6, 0.9],
        pages: [0.6, 0.9],
        outline: [0.9, 1],
      };
  const [from, to] = spans[stage] ?? [0, 1];
  return from + (to - from) * Math.min(1, Math.max(0, fraction));
}

function ProgressBar({ progress }: { progress: Progress }) {
  const percent = Math.round(progress.fraction * 100);
  return (
    <div className="space-y-1" aria-live="polite">
      <div className="flex justify-between text-sm">
        <span>{progress.label}…</span>
        <span className="tabular-nums text-muted">{percent}%</span>
      </div>
      <div
        role="progressbar"
        aria-label="Import progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="h-2 overflow-hidden rounded-full bg-accent-soft"
      >
        <div className="h-full bg-accent transition-[width]" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

function OutlinePreview({ preview }: { preview: TImportPreview }) {
  const { outline } = preview;
  const paragraphs = outline.chapters.reduce((sum, c) => sum + c.paragraphs.length, 0);
  return (
    <div className="space-y-3">
      <div>
        <p className="break-anywhere font-serif text-xl font-semibold">{outline.title}</p>
        <p className="text-sm text-muted">
          {outline.author ?? "No author found"} · {formatCount(outline.chapters.length, CHAPTERS)} ·{" "}
          {formatCount(paragraphs, PARAGRAPHS)} · {formatCount(preview.wordCount, WORDS)} ·{" "}
          {preview.sourceFormat.toUpperCase()}
          {preview.language ? ` · ${preview.language}` : ""}
        </p>
      </div>
      <ol className="max-h-96 divide-y divide-line overflow-y-auto rounded-md border border-line">
        {outline.chapters.slice(0, 300).map((chapter, index) => (
          <li key={index}>
            <details>
              <summary className="flex cursor-pointer justify-between gap-3 px-3 py-2 text-sm">
                <span className="min-w-0 truncate">
                  <span className="text-muted tabular-nums">
                    {chapterListNumber(chapter.title, index)}
                  </span>{" "}
                  {chapter.title}
                </span>
                <span className="shrink-0 text-muted">{chapter.paragraphs.length} ¶</span>
              </summary>
              <div className="space-y-2 px-3 pb-3 font-serif text-sm">
                {chapter.paragraphs.slice(0, 3).map((paragraph, i) => (
                  <p key={i} className="line-clamp-3">
                    {paragraph}
                  </p>
                ))}
                {chapter.paragraphs.length > 3 ? (
                  <p className="text-xs text-muted">
                    … and {chapter.paragraphs.length - 3} more paragraphs
                  </p>
                ) : null}
              </div>
            </details>
          </li>
        ))}
      </ol>
    </div>
  );
}

/** Upload or paste → preview of the outline → import, with one progress bar throughout. */
export function ImportPanel({ groupId }: { groupId: string }) {
  const router = useRouter();
  const [mode, setMode] = useState<Mode>("file");
  const [url, setUrl] = useState("");
  const [details, setDetails] = useState<Details>({ title: "", author: "", language: "" });
  const [file, setFile] = useState<File | null>(null);
  const [title, setTitle] = useState("");
  const [text, setText] = useState("");
  const [phase, setPhase] = useState<Phase>("idle");
  const [progress, setProgress] = useState<Progress | null>(null);
  const [preview, setPreview] = useState<TImportPreview | null>(null);
  const [error, setError] = useState<string | null>(null);

  const body = (): FormData | { json: unknown } => {
    if (mode === "paste") return { json: { title: title.trim() || undefined, text } };
    if (mode === "url") return { json: { url: url.trim() } };
    const form = new FormData();
    if (file) form.set("file", file);
    return form;
  };

  const run = async (importing: boolean): Promise<TStreamEvent> => {
    setError(null);
    setProgress({ label: STAGE_LABELS.upload ?? "", fraction: 0 });
    const result = await sendWithProgress(
      `/api/groups/${groupId}/texts${importing ? "" : "/preview"}`,
      body(),
      {
        onUpload: (fraction) =>
          setProgress({ label: "Uploading", fraction: overall("upload", fraction, importing) }),
        onEvent: (event) => {
          if (event.type !== "progress") return;
          setProgress({
            label: STAGE_LABELS[event.stage] ?? "Working",
            fraction: overall(event.stage, event.total ? event.done / event.total : 0, importing),
          });
        },
      },
    );
    setProgress(null);
    if (result.type === "error") setError(result.error.message);
    return result;
  };

  const onPreview = async (event: FormEvent) => {
    event.preventDefault();
    if (mode === "file" && !file) return setError("Choose a file to import.");
    if (mode === "file" && file && file.size > MAX_BYTES)
      return setError("This file is larger than 10 MB.");
    if (mode === "paste" && text.trim() === "") return setError("Paste the text to import.");
    if (mode === "url" && !/^https?:\/\/\S+$/i.test(url.trim()))
      return setError("Give a web address starting with https:// or http://.");
    setPhase("previewing");
    const result = await run(false);
    if (result.type === "done") {
      const found = result.preview as TImportPreview;
      setPreview(found);
      setDetails({
        title: found.outline.title,
        author: found.outline.author ?? "",
        language: found.language ?? "",
      });
      setPhase("preview");
    } else setPhase("idle");
  };

  const onImport = async () => {
    setPhase("importing");
    const result = await run(true);
    if (result.type === "done") {
      const created = result.text as { id: string; url: string };
      const corrected = await saveCorrections(created.id);
      if (!corrected) {
        setPhase("preview");
        return;
      }
      router.push(created.url);
      router.refresh();
      return;
    }
    setPhase("preview");
  };

  /** The import stores what the importer found; what the reader corrected is sent after it. */
  const saveCorrections = async (textId: string): Promise<boolean> => {
    if (!preview) return true;
    const changes: Record<string, string | null> = {};
    if (details.title.trim() && details.title.trim() !== preview.outline.title)
      changes.title = details.title.trim();
    if (details.author.trim() !== (preview.outline.author ?? ""))
      changes.author = details.author.trim() || null;
    if (details.language.trim() !== (preview.language ?? ""))
      changes.language = details.language.trim() || null;
    if (Object.keys(changes).length === 0) return true;
    const response = await fetch(`/api/texts/${textId}`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(changes),
    });
    if (response.ok) return true;
    const body = (await response.json().catch(() => null)) as {
      error?: { message?: string };
    } | null;
    setError(
      `The text was imported, but its details were not saved: ${body?.error?.message ?? response.statusText}`,
    );
    return false;
  };

  const reset = () => {
    setPreview(null);
    setPhase("idle");
    setError(null);
  };

  const busy = phase === "previewing" || phase === "importing";
  const tab = (key: Mode, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={mode === key}
      onClick={() => {
        setMode(key);
        reset();
      }}
      disabled={busy}
      className={`whitespace-nowrap border-b-2 px-3 py-1.5 text-sm font-medium ${
        mode === key ? "border-accent text-ink" : "border-transparent text-muted hover:text-ink"
      }`}
    >
      {label}
    </button>
  );

  return (
    <Card>
      <h2 className="mb-1 font-serif text-xl font-semibold">Add a text</h2>
      <p className="mb-4 text-sm text-muted">
        A PDF, an EPUB book, a web page, Markdown or plain text, up to 10 MB. You will see the
        chapters before anything is saved.
      </p>
      {/* Short names after "Import from": the longer ones broke onto two lines in the side card. */}
      <div role="tablist" aria-label="Import from" className="mb-4 flex gap-1 border-b border-line">
        {tab("file", "File")}
        {tab("paste", "Pasted text")}
        {tab("url", "Web address")}
      </div>
      {phase === "preview" || (phase === "importing" && preview) ? (
        <div className="space-y-4">
          {preview ? (
            <>
              <DetailsFields details={details} onChange={setDetails} disabled={busy} />
              <ImportNotes notes={preview.notes} />
              <OutlinePreview preview={preview} />
            </>
          ) : null}
          {error ? <Alert>{error}</Alert> : null}
          {progress ? <ProgressBar progress={progress} /> : null}
          <div className="flex flex-wrap gap-2">
            <Button type="button" onClick={() => void onImport()} disabled={busy}>
              {phase === "importing" ? "Importing…" : "Import this text"}
            </Button>
            <Button type="button" variant="secondary" onClick={reset} disabled={busy}>
              Back
            </Button>
          </div>
        </div>
      ) : (
        <form onSubmit={(event) => void onPreview(event)} className="space-y-4">
          {mode === "url" ? (
            <Field
              label="Web address"
              name="url"
              type="url"
              inputMode="url"
              placeholder="https://"
              value={url}
              onChange={(event) => {
                setUrl(event.target.value);
                setError(null);
              }}
              hint="A public web page, or a link to a .txt, .md, .epub or .html file. The server fetches it."
              disabled={busy}
            />
          ) : mode === "file" ? (
            <div className="space-y-1">
              <label htmlFor="import-file" className="block text-sm font-medium">
                File
              </label>
              <input
                id="import-file"
                name="file"
                type="file"
                accept={ACCEPT}
                disabled={busy}
                onChange={(event) => {
                  setFile(event.target.files?.[0] ?? null);
                  setError(null);
                }}
                className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-line file:bg-transparent file:px-3 file:py-1.5 file:text-sm file:text-ink hover:file:bg-accent-soft"
              />
            </div>
          ) : (
            <>
              <Field
                label="Title"
                name="title"
                value={title}
                onChange={(event) => setTitle(event.target.value)}
                hint="Leave empty to use the text's first line."
                disabled={busy}
              />
              <div className="space-y-1">
                <label htmlFor="import-text" className="block text-sm font-medium">
                  Text
                </label>
                <textarea
                  id="import-text"
                  name="text"
                  rows={8}
                  value={text}
                  disabled={busy}
                  onChange={(event) => setText(event.target.value)}
                  className="block w-full rounded-md border border-line bg-white px-3 py-2 font-serif text-sm text-ink shadow-sm outline-none focus:border-accent dark:bg-black/20"
                />
              </div>
            </>
          )}
          {error ? <Alert>{error}</Alert> : null}
          {progress ? <ProgressBar progress={progress} /> : null}
          <Button type="submit" disabled={busy}>
            {phase === "previewing" ? "Reading…" : "Preview chapters"}
          </Button>
        </form>
      )}
    </Card>
  );
}
