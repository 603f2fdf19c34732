import { describe, expect, it } from "vitest";
import { inviteEmailMessage } from "@/lib/invites/send-invite-email";

describe("invitation e-mail", () => {
  const input = {
    to: "bea@example.test",
    path: "/invite/abcdefghijklmnop",
    groupName: "Thursday\r\nBcc: victim@example.test",
    invitedBy: "Abe",
    expiresAt: new Date("2026-12-16T12:00:00Z"),
  };

  it("links to the app's own address, names the addressee, and says the link works once", () => {
    const message = inviteEmailMessage(input, "https://reading.example.test");
    expect(message.text).toContain("https://reading.example.test/invite/abcdefghijklmnop");
    expect(message.text).toContain("bea@example.test");
    expect(message.text).toContain("until 2026-12-16, once");
  });

  it("keeps the subject on one line whatever the group is called", () => {
    expect(inviteEmailMessage(input, "https://reading.example.test").subject).not.toMatch(/[\r\n]/);
  });
});
