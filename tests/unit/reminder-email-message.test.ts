import { describe, expect, it } from "vitest";
import {
  reminderEmailMessage,
  reminderTimeZone,
  type ReminderEmailInput,
} from "@/lib/sessions/reminders/reminder-email-message";

const base: ReminderEmailInput = {
  recipient: { name: "Ann", timeZone: "Europe/London" },
  group: { name: "Thursday Readers", timeZone: "Europe/London" },
  session: {
    title: "Moby-Dick, the first night",
    // Between the US (8 March) and the UK (29 March) clock changes of 2026.
    startsAt: new Date("2026-03-10T19:30:00Z"),
    endsAt: new Date("2026-03-10T21:00:00Z"),
    location: "The Crown, back room",
    videoUrl: "https://meet.example/abc?x=1&y=2",
    chapters: [
      { title: "Loomings", textTitle: "Moby-Dick" },
      { title: "The Carpet-Bag", textTitle: "Moby-Dick" },
    ],
  },
  sessionUrl: "https://reading.example/groups/g1/sessions/s1",
  profileUrl: "https://reading.example/profile",
};

function withZone(timeZone: string): ReminderEmailInput {
  return { ...base, recipient: { ...base.recipient, timeZone } };
}

describe("reminderEmailMessage", () => {
  it("gives the start in the member's zone: London and New York read different clocks", () => {
    const london = reminderEmailMessage(withZone("Europe/London"));
    expect(london.subject).toBe(
      "Reminder: Moby-Dick, the first night — Tuesday 10 March, 19:30 GMT",
    );
    expect(london.text).toContain("When: Tue 10 Mar, 19:30–21:00 (GMT)");

    const newYork = reminderEmailMessage(withZone("America/New_York"));
    expect(newYork.subject).toBe(
      "Reminder: Moby-Dick, the first night — Tuesday 10 March, 15:30 GMT-4",
    );
    // The group's own clock follows when it differs.
    expect(newYork.text).toContain("When: Tue 10 Mar, 15:30–17:00 (GMT-4) · 19:30 in London");
    expect(newYork.text).toContain("Time zone: America/New York");
  });

  it("follows summer time and names the local day when it differs from UTC's", () => {
    const summer = {
      ...base.session,
      startsAt: new Date("2026-07-01T23:30:00Z"),
      endsAt: new Date("2026-07-02T01:00:00Z"),
    };
    const london = reminderEmailMessage({ ...withZone("Europe/London"), session: summer });
    expect(london.subject).toContain("Thursday 2 July, 00:30 BST");
    const newYork = reminderEmailMessage({ ...withZone("America/New_York"), session: summer });
    expect(newYork.subject).toContain("Wednesday 1 July, 19:30 GMT-4");
  });

  it("falls back to the group's zone when the member's is unknown", () => {
    expect(reminderTimeZone("Mars/Olympus_Mons", "America/New_York")).toBe("America/New_York");
    expect(reminderTimeZone("Mars/Olympus_Mons", "Nowhere/Else")).toBe("UTC");
    const message = reminderEmailMessage({
      ...withZone("Mars/Olympus_Mons"),
      group: { name: "Readers", timeZone: "America/New_York" },
    });
    expect(message.subject).toContain("Tuesday 10 March, 15:30 GMT-4");
  });

  it("carries place, video link, chapters and the session page in both bodies", () => {
    const message = reminderEmailMessage(base);
    for (const body of [message.text, message.html]) {
      expect(body).toContain("The Crown, back room");
      expect(body).toContain("Loomings (Moby-Dick)");
      expect(body).toContain("The Carpet-Bag (Moby-Dick)");
      expect(body).toContain("https://reading.example/groups/g1/sessions/s1");
      expect(body).toContain("https://reading.example/profile");
    }
    expect(message.text).toContain("Video: https://meet.example/abc?x=1&y=2");
    expect(message.html).toContain('<a href="https://meet.example/abc?x=1&amp;y=2">');
  });

  it("leaves out what a session does not have", () => {
    const message = reminderEmailMessage({
      ...base,
      session: { ...base.session, location: null, videoUrl: null, chapters: [] },
    });
    expect(message.text).not.toMatch(/Where:|Video:|To read:/);
    expect(message.html).not.toMatch(/Where:|Video:|To read:/);
  });

  it("escapes everything in the HTML body and keeps the subject on one line", () => {
    const message = reminderEmailMessage({
      ...base,
      recipient: { name: `Eve "<b>"`, timeZone: "UTC" },
      group: { name: "R&D <readers>", timeZone: "UTC" },
      session: {
        ...base.session,
        title: "<script>alert('x')</script>\nBcc: victim@example.test",
        location: "<img src=x onerror=alert(1)>",
        videoUrl: "javascript:alert(1)",
        chapters: [{ title: "<i>One</i>", textTitle: "A & B" }],
      },
    });
    expect(message.html).not.toMatch(/<script|<img|<i>|javascript:alert\(1\)">/);
    expect(message.html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(message.html).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(message.html).toContain("Eve &quot;&lt;b&gt;&quot;");
    expect(message.html).toContain("R&amp;D &lt;readers&gt;");
    expect(message.html).toContain("&lt;i&gt;One&lt;/i&gt; (A &amp; B)");
    // A non-web video link is shown, not linked.
    expect(message.html).not.toContain('href="javascript:');
    expect(message.subject).not.toContain("\n");
    expect(message.text).toContain("<script>alert('x')</script>");
  });
});
