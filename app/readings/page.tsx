import type { Metadata } from "next";
import Link from "next/link";
import { requestLocale } from "@/app/_components/request-locale";
import { requirePageUser } from "@/lib/http/page-guard";
import { formatDate, formatDateTime, type TDateFormatOptions } from "@/lib/format/date";
import { chapterPath, paragraphPath } from "@/lib/texts/reader-urls";
import { myReadings, type Reading } from "@/lib/progress/my-readings";

export const metadata: Metadata = { title: "My readings" };

function ReadingRow({
  reading,
  dateOptions,
}: {
  reading: Reading;
  dateOptions: TDateFormatOptions;
}) {
  // Back to where they stopped, unless the chapter is done.
  const href =
    reading.paragraphId && !reading.completed
      ? paragraphPath(
          reading.group.id,
          reading.chapter.textId,
          reading.chapter.id,
          reading.paragraphId,
        )
      : chapterPath(reading.group.id, reading.chapter.textId, reading.chapter.id);
  const due = reading.dueAt;
  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-5 py-3">
      <div className="min-w-0">
        <Link href={href} className="font-medium hover:underline">
          {reading.chapter.title}
        </Link>
        <p className="text-sm text-muted">
          {reading.chapter.textTitle} · {reading.group.name}
        </p>
      </div>
      <div className="text-right text-sm">
        <p className={reading.overdue ? "font-medium text-red-700" : ""}>
          {due && reading.session ? (
            <Link
              href={`/groups/${reading.group.id}/sessions/${reading.session.id}`}
              className="hover:underline"
              title={reading.session.title}
            >
              for the session on {formatDateTime(due, dateOptions)}
            </Link>
          ) : due ? (
            `by ${formatDate(due, dateOptions)}`
          ) : (
            "no date"
          )}
        </p>
        <div
          className="mt-1 ml-auto h-1.5 w-32 overflow-hidden rounded-full bg-line"
          role="progressbar"
          aria-label={`${reading.chapter.title} read`}
          aria-valuenow={Math.round(reading.fraction * 100)}
          aria-valuemin={0}
          aria-valuemax={100}
        >
          <div
            className="h-full bg-accent"
            style={{ width: `${Math.round(reading.fraction * 100)}%` }}
          />
        </div>
      </div>
    </li>
  );
}

export default async function MyReadingsPage() {
  const user = await requirePageUser("/readings");
  const dateOptions = { timeZone: user.timeZone, locale: await requestLocale() };
  const { next, done } = await myReadings(user.id);
  const first = next[0];
  return (
    <div className="mx-auto max-w-3xl">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="mb-1 font-serif text-3xl font-semibold">My readings</h1>
        <Link href="/agenda" className="text-sm text-accent hover:underline">
          Agenda and calendar feed →
        </Link>
      </div>
      <p className="mb-6 text-muted">
        {first
          ? `Next: ${first.chapter.title}${first.dueAt ? `, due ${formatDate(first.dueAt, dateOptions)}` : ""}.`
          : "Nothing to read right now."}
      </p>
      <section className="mb-6 rounded-xl border border-line bg-white/60 shadow-sm dark:bg-white/5">
        <h2 className="px-5 pt-4 font-serif text-lg font-semibold">To read</h2>
        {next.length === 0 ? (
          <p className="px-5 pb-4 text-sm text-muted">
            Readings your groups assign (or plan for a session) appear here, soonest first.
          </p>
        ) : (
          <ul className="divide-y divide-line">
            {next.map((reading) => (
              <ReadingRow key={reading.assignmentId} reading={reading} dateOptions={dateOptions} />
            ))}
          </ul>
        )}
      </section>
      {done.length > 0 ? (
        <section className="rounded-xl border border-line bg-white/60 shadow-sm dark:bg-white/5">
          <h2 className="px-5 pt-4 font-serif text-lg font-semibold">Read</h2>
          <ul className="divide-y divide-line">
            {done.slice(0, 30).map((reading) => (
              <ReadingRow key={reading.assignmentId} reading={reading} dateOptions={dateOptions} />
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
