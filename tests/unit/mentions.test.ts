import { describe, expect, it } from "vitest";
import { foldName, mentionToken, parseMentions, suggestMentions } from "@/lib/annotations/mentions";

const MEMBERS = [
  { id: "u_ann", name: "Ann" },
  { id: "u_annlee", name: "Ann Lee" },
  { id: "u_zoe", name: "Zoë Ångström" },
  { id: "u_jp", name: "Jean-Paul Sartre" },
  { id: "u_bob", name: "Bob O'Neil" },
];

describe("parseMentions", () => {
  it("reads editor tokens and returns member ids in order without repeats", () => {
    const body = "@[Zoë Ångström](user:u_zoe) and @[Bob](user:u_bob), again @[Zoë](user:u_zoe)";
    expect(parseMentions(body, MEMBERS)).toEqual(["u_zoe", "u_bob"]);
  });

  it("ignores tokens naming someone outside the group", () => {
    expect(parseMentions("@[Mallory](user:u_mallory) hi", MEMBERS)).toEqual([]);
  });

  it("matches a typed @Name to the longest member name", () => {
    expect(parseMentions("@Ann Lee, what do you think?", MEMBERS)).toEqual(["u_annlee"]);
    expect(parseMentions("@Ann, what do you think?", MEMBERS)).toEqual(["u_ann"]);
    expect(parseMentions("@Ann Leeward", MEMBERS)).toEqual(["u_ann"]);
  });

  it("ignores case and diacritics, including decomposed input", () => {
    expect(parseMentions("@zoe angstrom agreed", MEMBERS)).toEqual(["u_zoe"]);
    expect(
      parseMentions("@ZOE\u0308 A\u030ANGSTRO\u0308M agreed".normalize("NFD"), MEMBERS),
    ).toEqual(["u_zoe"]);
  });

  it("does not take a name prefix or an email address for a mention", () => {
    expect(parseMentions("@Annabel is not a member", MEMBERS)).toEqual([]);
    expect(parseMentions("mail ann@example.org", MEMBERS)).toEqual([]);
  });

  it("ignores mentions inside inline code and fenced code", () => {
    const body = "see `@Ann` and\n```\n@Bob O'Neil\n```\nbut @Jean-Paul Sartre counts";
    expect(parseMentions(body, MEMBERS)).toEqual(["u_jp"]);
  });

  it("orders tokens and typed names by position", () => {
    expect(parseMentions("@Bob O'Neil then @[Ann](user:u_ann)", MEMBERS)).toEqual([
      "u_bob",
      "u_ann",
    ]);
  });
});

describe("mentionToken", () => {
  it("round-trips through parseMentions and keeps brackets out of the name", () => {
    const token = mentionToken({ id: "u_x", name: "Odd [name]" });
    expect(token).toBe("@[Odd name](user:u_x)");
    expect(parseMentions(`hi ${token}`, [{ id: "u_x", name: "Odd [name]" }])).toEqual(["u_x"]);
  });
});

describe("suggestMentions", () => {
  const names = (prefix: string, limit?: number) =>
    suggestMentions(prefix, MEMBERS, limit).map((m) => m.name);

  it("matches the start of any word, whole-name matches first", () => {
    expect(names("ann")).toEqual(["Ann", "Ann Lee"]);
    expect(names("lee")).toEqual(["Ann Lee"]);
    expect(names("sar")).toEqual(["Jean-Paul Sartre"]);
  });

  it("ignores case and diacritics on both sides", () => {
    expect(names("ANG")).toEqual(["Zoë Ångström"]);
    expect(names("zoë")).toEqual(["Zoë Ångström"]);
  });

  it("treats hyphens and apostrophes as word breaks", () => {
    expect(names("paul")).toEqual(["Jean-Paul Sartre"]);
    expect(names("jean-p")).toEqual(["Jean-Paul Sartre"]);
    expect(names("neil")).toEqual(["Bob O'Neil"]);
  });

  it("does not match inside a word", () => {
    expect(names("nn")).toEqual([]);
  });

  it("lists members by name for an empty prefix, up to the limit", () => {
    expect(names("", 3)).toEqual(["Ann", "Ann Lee", "Bob O'Neil"]);
  });
});

describe("foldName", () => {
  it("lower-cases, strips diacritics and collapses spaces", () => {
    expect(foldName("Zoë  Ångström")).toBe("zoe angstrom");
  });
});
