"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { callApi } from "@/app/_components/api-client";

const CHOICES = [
  { status: "going", label: "Going" },
  { status: "maybe", label: "Maybe" },
  { status: "not_going", label: "Not going" },
] as const;

export type RsvpChoice = (typeof CHOICES)[number]["status"];

/** Going / maybe / not going; the page's counts and names refresh after an answer. */
export function RsvpButtons({ sessionId, mine }: { sessionId: string; mine: RsvpChoice | null }) {
  const router = useRouter();
  const [current, setCurrent] = useState(mine);
  const [error, setError] = useState("");
  async function answer(status: RsvpChoice) {
    setCurrent(status);
    const result = await callApi(`/api/sessions/${sessionId}/rsvp`, {
      method: "PUT",
      json: { status },
    });
    if (!result.ok) {
      setCurrent(mine);
      return setError(result.message);
    }
    setError("");
    router.refresh();
  }
  return (
    <div>
      <div
        role="group"
        aria-label="Your answer"
        className="inline-flex overflow-hidden rounded-md border border-line"
      >
        {CHOICES.map((choice) => (
          <button
            key={choice.status}
            type="button"
            aria-pressed={current === choice.status}
            onClick={() => void answer(choice.status)}
            className={`px-3 py-1.5 text-sm font-medium ${
              current === choice.status ? "bg-accent text-paper" : "hover:bg-accent-soft"
            }`}
          >
            {choice.label}
          </button>
        ))}
      </div>
      {error ? <p className="mt-1 text-sm text-red-700">{error}</p> : null}
    </div>
  );
}
