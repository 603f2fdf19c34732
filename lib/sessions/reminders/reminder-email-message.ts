import { escapeHtml } from "@/lib/html/escape-html";
import { isValidTimeZone, toInstant } from "@/lib/sessions/schedule/local-time";
import { formatSessionTime } from "@/lib/sessions/schedule/format-session-time";

export type ReminderEmailInput = {
  recipient: { name: string; timeZone: string };
  group: { name: string; timeZone: string };
  session: {
    title: string;
    startsAt: Date | string;
    endsAt: Date | string;
    location: string | null;
    videoUrl: string | null;
    /** In reading order. */
    chapters: { title: string; textTitle: string }[];
  };
  /** Absolute URL of the session page. */
  sessionUrl: string;
  /** Absolute URL of the profile page, where e-mail reminders are turned off. */
  profileUrl: string;
};

export type ReminderEmailMessage = { subject: string; text: string; html: string };

const LOCALE = "en-GB";

/** The member's own zone; the group's when the member's is unknown to this runtime. */
export function reminderTimeZone(memberZone: string, groupZone: string): string {
  if (isValidTimeZone(memberZone)) return memberZone;
  return isValidTimeZone(groupZone) ? groupZone : "UTC";
}

function isWebUrl(value: string): boolean {
  try {
    return ["http:", "https:"].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/**
 * The e-mail that goes with a session reminder: "Reminder: <title> — Tuesday 3 March, 19:30 GMT"
 * in the member's zone, with the place, the video link, the chapters to read and the session's
 * page, as plain text and as simple HTML (every value escaped).
 */
export function reminderEmailMessage(input: ReminderEmailInput): ReminderEmailMessage {
  const { session } = input;
  const zone = reminderTimeZone(input.recipient.timeZone, input.group.timeZone);
  const start = toInstant(session.startsAt).setZone(zone).setLocale(LOCALE);
  const when = `${start.toFormat("cccc d LLLL, HH:mm")} ${start.offsetNameShort ?? start.toFormat("ZZ")}`;
  const homeZone = isValidTimeZone(input.group.timeZone) ? input.group.timeZone : zone;
  const range = formatSessionTime({
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    viewerTimeZone: zone,
    homeTimeZone: homeZone,
    locale: LOCALE,
  });
  const reading = session.chapters.map((chapter) => `${chapter.title} (${chapter.textTitle})`);
  const details: { label: string; value: string; link?: boolean }[] = [
    { label: "When", value: range },
    { label: "Time zone", value: zone.replaceAll("_", " ") },
    ...(session.location ? [{ label: "Where", value: session.location }] : []),
    ...(session.videoUrl
      ? [{ label: "Video", value: session.videoUrl, link: isWebUrl(session.videoUrl) }]
      : []),
  ];
  const greeting = `Hello ${input.recipient.name},`;
  const intro = `${session.title} (${input.group.name}) starts ${when}.`;
  const footer = `You get this e-mail as a member of ${input.group.name}. E-mail reminders can be turned off in your profile:`;

  const text = [
    greeting,
    intro,
    details.map((detail) => `${detail.label}: ${detail.value}`).join("\n"),
    reading.length > 0 ? `To read:\n${reading.map((line) => `- ${line}`).join("\n")}` : "",
    `Session page: ${input.sessionUrl}`,
    `${footer} ${input.profileUrl}`,
  ]
    .filter(Boolean)
    .join("\n\n");

  const link = (url: string, label = url) =>
    `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  const html = [
    "<!doctype html>",
    '<html><body style="font-family: sans-serif; line-height: 1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    `<p><strong>${escapeHtml(session.title)}</strong> (${escapeHtml(input.group.name)}) starts ${escapeHtml(when)}.</p>`,
    "<ul>",
    ...details.map(
      (detail) =>
        `<li>${escapeHtml(detail.label)}: ${detail.link ? link(detail.value) : escapeHtml(detail.value)}</li>`,
    ),
    "</ul>",
    ...(reading.length > 0
      ? [
          "<p>To read:</p>",
          "<ul>",
          ...reading.map((line) => `<li>${escapeHtml(line)}</li>`),
          "</ul>",
        ]
      : []),
    `<p>${link(input.sessionUrl, "Open the session page")}</p>`,
    `<p style="color: #666; font-size: small">${escapeHtml(footer)} ${link(input.profileUrl)}</p>`,
    "</body></html>",
  ].join("\n");

  // A header is one line, whatever the title holds.
  const subject = `Reminder: ${session.title} — ${when}`.replace(/\s+/g, " ");
  return { subject, text, html };
}
