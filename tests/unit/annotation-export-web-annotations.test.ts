import { describe, expect, it } from "vitest";
import { toWebAnnotations } from "@/lib/annotations/export/to-web-annotations";
import { ZWebAnnotationCollection } from "@/lib/annotations/export/web-annotation-schema";
import { CHAPTERS, TEXT, THREADS } from "@/tests/fixtures/annotations/moby-dick";

const names: Record<string, string> = { u_cy: "Cyrus" };
const collection = toWebAnnotations(
  { text: TEXT, chapters: CHAPTERS, threads: THREADS },
  { resolveName: (id) => names[id] },
);
const items = collection.first.items;

describe("toWebAnnotations", () => {
  it("produces an AnnotationCollection the schema accepts", () => {
    expect(ZWebAnnotationCollection.parse(collection)).toEqual(collection);
    expect(collection).toMatchObject({
      "@context": "http://www.w3.org/ns/anno.jsonld",
      type: "AnnotationCollection",
      label: "Comments on Moby-Dick",
      total: items.length,
      first: { type: "AnnotationPage", startIndex: 0 },
    });
  });

  it("survives a JSON round trip unchanged", () => {
    expect(ZWebAnnotationCollection.parse(JSON.parse(JSON.stringify(collection)))).toEqual(
      collection,
    );
  });

  it("turns a thread's first message into a commenting annotation on the paragraph with both selectors", () => {
    const opening = items.find((item) => item.id.endsWith("/annotations/th_1"));
    expect(opening).toEqual({
      id: `${TEXT.url}/annotations/th_1`,
      type: "Annotation",
      motivation: "commenting",
      body: [
        {
          type: "TextualBody",
          value: "Why *Ishmael*?\n\n- outcast\n- wanderer",
          format: "text/markdown",
          purpose: "commenting",
        },
        { type: "TextualBody", value: "resolved", purpose: "tagging" },
      ],
      creator: { id: "urn:marginalia:user:u_ann", type: "Person", name: "Ann Lee" },
      created: "2024-05-01T09:30:00.000Z",
      modified: "2024-05-01T09:45:00.000Z",
      target: {
        type: "SpecificResource",
        source: `${TEXT.url}/chapters/c_1`,
        selector: [
          {
            type: "FragmentSelector",
            conformsTo: "http://tools.ietf.org/rfc/rfc3236",
            value: "p-p_1",
            refinedBy: {
              type: "TextQuoteSelector",
              exact: "Call me Ishmael.",
              prefix: "",
              suffix: " Some years ago—never mind how l",
            },
          },
          {
            type: "FragmentSelector",
            conformsTo: "http://tools.ietf.org/rfc/rfc3236",
            value: "p-p_1",
            refinedBy: { type: "TextPositionSelector", start: 0, end: 16 },
          },
        ],
      },
    });
  });

  it("turns replies into replying annotations targeting the opening annotation, leaving deleted ones out", () => {
    const replies = items.filter(
      (item) => item.motivation === "replying" && item.target === `${TEXT.url}/annotations/th_1`,
    );
    expect(replies.map((reply) => reply.id)).toEqual([
      `${TEXT.url}/annotations/th_1/replies/m_2`,
      `${TEXT.url}/annotations/th_1/replies/m_4`,
    ]);
    expect(replies[1]).toMatchObject({
      creator: { name: "Cyrus" },
      body: { value: "Agreed, @[Bob](user:u_bob)." },
    });
    expect(JSON.stringify(collection)).not.toContain("(oops)");
  });

  it("keeps a thread whose opening message was deleted as an empty comment body anchoring its replies", () => {
    const opening = items.find((item) => item.id.endsWith("/annotations/th_3"));
    expect(opening).toBeDefined();
    expect(opening?.body).toMatchObject({ type: "TextualBody", value: "", purpose: "commenting" });
    expect(
      items.some((item) => item.motivation === "replying" && item.target === opening?.id),
    ).toBe(true);
    expect(JSON.stringify(collection)).not.toContain('"gone"');
  });

  it("drops a thread with every message deleted", () => {
    expect(items.some((item) => item.id.includes("th_4"))).toBe(false);
  });

  it("orders annotations by chapter, then paragraph", () => {
    const openings = items
      .filter((item) => item.motivation === "commenting")
      .map((item) => item.id.split("/").at(-1));
    expect(openings).toEqual(["th_1", "th_2", "th_3"]);
  });

  it("exports only the chapters asked for", () => {
    const one = toWebAnnotations({ text: TEXT, chapters: [CHAPTERS[1]!], threads: THREADS });
    expect(one.first.items.filter((item) => item.motivation === "commenting")).toHaveLength(1);
    expect(one.total).toBe(2);
  });

  it("the schema refuses a reply whose target is missing and a wrong total", () => {
    const broken = structuredClone(collection);
    const reply = broken.first.items.find((item) => item.motivation === "replying");
    if (reply?.motivation === "replying") reply.target = "urn:nowhere:1";
    expect(ZWebAnnotationCollection.safeParse(broken).success).toBe(false);
    expect(ZWebAnnotationCollection.safeParse({ ...collection, total: 99 }).success).toBe(false);
  });

  it("the schema refuses a target whose source carries the paragraph fragment", () => {
    const broken = structuredClone(collection);
    const opening = broken.first.items[0];
    if (opening?.motivation === "commenting")
      opening.target.source = `${TEXT.url}/chapters/c_1#p-p_1`;
    expect(ZWebAnnotationCollection.safeParse(broken).success).toBe(false);
  });
});
