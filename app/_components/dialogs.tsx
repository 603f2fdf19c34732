"use client";

import * as Dialog from "@radix-ui/react-dialog";
import { useCallback, useId, useRef, useState, type ReactNode } from "react";
import { Button } from "@/app/_components/ui";

/**
 * The app's own confirm and prompt, on Radix's dialog (focus trap, Escape, labelled title and
 * description, focus returned to the button that opened it), in place of the browser's
 * `confirm()` / `prompt()`, which cannot be styled, read badly to screen readers and are blocked
 * in some embedded browsers.
 */
export type TConfirmOptions = {
  title: string;
  description?: ReactNode;
  confirmLabel?: string;
  cancelLabel?: string;
  /** Red confirm button for what cannot be taken back. */
  destructive?: boolean;
};

export type TPromptOptions = TConfirmOptions & {
  label: string;
  defaultValue?: string;
  placeholder?: string;
  /** The confirm button stays disabled until the text equals this (e.g. a group's name). */
  mustEqual?: string;
  multiline?: boolean;
};

const dialogClass =
  "fixed left-1/2 top-1/2 z-50 w-[calc(100vw-2rem)] max-w-md -translate-x-1/2 -translate-y-1/2 rounded-xl border border-line bg-paper p-6 text-ink shadow-xl focus:outline-none";
const overlayClass = "fixed inset-0 z-40 bg-black/40";
const inputClass =
  "block w-full rounded-md border border-line bg-white px-3 py-2 text-ink shadow-sm outline-none focus:border-accent dark:bg-black/20";

export function ConfirmDialog({
  open,
  options,
  onAnswer,
}: {
  open: boolean;
  options: TConfirmOptions;
  onAnswer: (confirmed: boolean) => void;
}) {
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : onAnswer(false))}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content role="alertdialog" className={dialogClass}>
          <Dialog.Title className="text-lg font-semibold">{options.title}</Dialog.Title>
          {options.description ? (
            <Dialog.Description className="mt-2 text-sm text-muted">
              {options.description}
            </Dialog.Description>
          ) : (
            <Dialog.Description className="sr-only">{options.title}</Dialog.Description>
          )}
          <div className="mt-6 flex flex-wrap justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => onAnswer(false)}>
              {options.cancelLabel ?? "Cancel"}
            </Button>
            <Button
              type="button"
              variant={options.destructive ? "danger" : "primary"}
              onClick={() => onAnswer(true)}
            >
              {options.confirmLabel ?? "OK"}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

export function PromptDialog({
  open,
  options,
  onAnswer,
}: {
  open: boolean;
  options: TPromptOptions;
  onAnswer: (value: string | null) => void;
}) {
  const inputId = useId();
  const [value, setValue] = useState(options.defaultValue ?? "");
  const blocked = options.mustEqual !== undefined && value.trim() !== options.mustEqual;
  return (
    <Dialog.Root open={open} onOpenChange={(next) => (next ? undefined : onAnswer(null))}>
      <Dialog.Portal>
        <Dialog.Overlay className={overlayClass} />
        <Dialog.Content className={dialogClass}>
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!blocked) onAnswer(value);
            }}
          >
            <Dialog.Title className="text-lg font-semibold">{options.title}</Dialog.Title>
            {options.description ? (
              <Dialog.Description className="mt-2 text-sm text-muted">
                {options.description}
              </Dialog.Description>
            ) : (
              <Dialog.Description className="sr-only">{options.label}</Dialog.Description>
            )}
            <label htmlFor={inputId} className="mt-4 block text-sm font-medium">
              {options.label}
            </label>
            {options.multiline ? (
              <textarea
                id={inputId}
                value={value}
                placeholder={options.placeholder}
                onChange={(event) => setValue(event.target.value)}
                rows={3}
                className={`mt-1 ${inputClass}`}
              />
            ) : (
              <input
                id={inputId}
                value={value}
                placeholder={options.placeholder}
                onChange={(event) => setValue(event.target.value)}
                autoComplete="off"
                className={`mt-1 ${inputClass}`}
              />
            )}
            <div className="mt-6 flex flex-wrap justify-end gap-2">
              <Button type="button" variant="secondary" onClick={() => onAnswer(null)}>
                {options.cancelLabel ?? "Cancel"}
              </Button>
              <Button
                type="submit"
                variant={options.destructive ? "danger" : "primary"}
                disabled={blocked}
              >
                {options.confirmLabel ?? "OK"}
              </Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}

type TPending =
  | { kind: "confirm"; options: TConfirmOptions; resolve: (answer: boolean) => void }
  | { kind: "prompt"; options: TPromptOptions; resolve: (answer: string | null) => void };

/**
 * `const { confirm, prompt, dialogs } = useDialogs()`: awaitable like the browser's, rendered
 * by the component that asks (put `{dialogs}` anywhere in its tree), so no provider is needed.
 */
export function useDialogs() {
  const [pending, setPending] = useState<TPending | null>(null);
  // A new key per question, so a prompt opened twice starts from its default value again.
  const questionCount = useRef(0);
  const [questionKey, setQuestionKey] = useState(0);

  const confirm = useCallback(
    (options: TConfirmOptions) =>
      new Promise<boolean>((resolve) => {
        questionCount.current += 1;
        setQuestionKey(questionCount.current);
        setPending({ kind: "confirm", options, resolve });
      }),
    [],
  );
  const prompt = useCallback(
    (options: TPromptOptions) =>
      new Promise<string | null>((resolve) => {
        questionCount.current += 1;
        setQuestionKey(questionCount.current);
        setPending({ kind: "prompt", options, resolve });
      }),
    [],
  );

  // One question at a time: answering clears it and settles the caller's promise.
  const answered =
    <T,>(resolve: (answer: T) => void) =>
    (answer: T) => {
      setPending(null);
      resolve(answer);
    };
  let dialogs: ReactNode = null;
  if (pending?.kind === "confirm")
    dialogs = (
      <ConfirmDialog
        key={questionKey}
        open
        options={pending.options}
        onAnswer={answered(pending.resolve)}
      />
    );
  else if (pending?.kind === "prompt")
    dialogs = (
      <PromptDialog
        key={questionKey}
        open
        options={pending.options}
        onAnswer={answered(pending.resolve)}
      />
    );
  return { confirm, prompt, dialogs };
}
