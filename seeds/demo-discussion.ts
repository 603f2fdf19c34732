/**
 * The demo group's conversation: margin threads on the chapters of the last session and the
 * next one, two of them brought to the next session with votes, and the last session's live-room
 * archive (spotlight agenda, shared notes, chapter recaps).
 *
 * Written through the server's own write path: comment and session commands go through
 * lib/documents' executeCommand (access, idempotency, document update, Comment projection and
 * realtime event in one transaction), as members' commands do, only with times in the past and
 * without notifications (a seeded conversation tells nobody). Marks, votes and recaps go through the use cases
 * the HTTP API calls. Idempotent: a group that already has comments is left alone.
 */
import { randomUUID } from "node:crypto";
import type { GroupRole } from "@/generated/prisma/enums";
import { describeSelection } from "@/lib/annotations/anchoring/describe-selection";
import { runCommentCommand } from "@/lib/annotations/commands/run-comment-command";
import type { TCommentAnchor, TReactionEmoji } from "@/lib/annotations/comment-schemas";
import { mentionToken } from "@/lib/annotations/mentions";
import { db } from "@/lib/db/prisma";
import { SESSION_NOTES_TEXT } from "@/lib/sessions/live/live-schemas";
import { runSessionCommand } from "@/lib/sessions/live/document/commands/run-session-command";
import { markThread } from "@/lib/sessions/live/mark-thread";
import { setChapterRecap } from "@/lib/sessions/live/set-chapter-recap";
import { voteOnMark } from "@/lib/sessions/live/vote-on-mark";
import { documentHost } from "@/lib/documents/host";
import { chapterDoc, sessionDoc, sessionNotesDoc } from "@/lib/documents/names";

type Log = (line: string) => void;

/** The demo members in the order they joined: the organiser, then reader1..3. */
type Who = "olive" | "rosa" | "ravi" | "ruth";
const CAST: readonly Who[] = ["olive", "rosa", "ravi", "ruth"];

export type TDemoThread = {
  /** The chapter's title in the demo text. */
  chapter: string;
  /** A passage of one of the chapter's paragraphs, exactly as it stands there. */
  quote: string;
  by: Who;
  /** Markdown; `{@who}` becomes a mention of that member. */
  body: string;
  replies?: { by: Who; body: string }[];
  /** `on`: 0 for the opening message, n for the n-th reply. */
  reactions?: { by: Who; emoji: TReactionEmoji; on?: number }[];
  resolvedBy?: Who;
  /** Brought to the next session: the first member marks it, the others vote for it. */
  bring?: Who[];
  /** Put in the spotlight when the session discussed it; this line goes into the shared notes. */
  spotlight?: string;
};

const COLLAPSE = "The Collapse of the U.S.S.R.";
const CRIME = "I: Organised Crime and Socialism";
const PLANNING = "Planning and “Command Economy”";

export const DEMO_THREADS: readonly TDemoThread[] = [
  {
    chapter: COLLAPSE,
    quote: "The Revolution was defeated by Imperialism, not by Stalinism.",
    by: "olive",
    body: "A bold opening claim. Does the rest of the book earn it, or is it assumed? Let's keep it in mind as we read.",
    replies: [
      {
        by: "ruth",
        body: "It shifts the blame outward, but the next paragraph concedes the bureaucracy *aspired* to ownership. Both can be true.",
      },
      {
        by: "rosa",
        body: "Agreed with {@ruth}: isolation is the cause, the bureaucracy the form it took.",
      },
    ],
    reactions: [
      { by: "ravi", emoji: "👍" },
      { by: "olive", emoji: "❤️", on: 1 },
    ],
    spotlight: "We opened with this: cause (isolation) versus form (the bureaucracy).",
  },
  {
    chapter: COLLAPSE,
    quote:
      "How could they overthrow this state without opening the way to the domination of all these reactionary forces?",
    by: "ravi",
    body: "This is the trap in one question. It explains the passivity of 1991 better than any economic figure.",
    replies: [
      {
        by: "olive",
        body: "Good one to bring back when we reach the chapter on Gorbachev and Yeltsin.",
      },
    ],
    resolvedBy: "olive",
    spotlight: "Why workers did not defend the state in 1991: the trap the author describes.",
  },
  {
    chapter: CRIME,
    quote:
      "Because capitalism was illegal in the USSR, 'primitive accumulation' took the form of organised crime.",
    by: "rosa",
    body: "The thesis of the whole chapter in one sentence. But is *primitive accumulation* doing real work here, or is it a metaphor? In Marx it is enclosure and expropriation by force, not black-market trading.",
    replies: [
      {
        by: "ravi",
        body: "I read it as more than a metaphor: in both cases wealth piles up outside the rules of the system, and then the new owners need the law changed to keep it. The privatisations of the 1990s were that second step.",
      },
      {
        by: "olive",
        body: "Let's hold on to this for Tuesday, it's the hinge between the two halves of the chapter.",
      },
    ],
    reactions: [{ by: "ruth", emoji: "🤔" }],
    spotlight:
      "*Primitive accumulation*: metaphor or mechanism? Ravi: the 1990s privatisations legalised what had been piled up illegally. Rosa still thinks black-market trade and enclosure are different animals.",
  },
  {
    chapter: CRIME,
    quote:
      "nothing defeats illicit trade more effectively than meeting the need satisfied by the illegal trade, by legal means",
    by: "ravi",
    body: "The Prohibition analogy is neat, but Prohibition banned one commodity. The Soviet state banned a whole way of organising production. Does the comparison survive that difference?",
    replies: [
      {
        by: "ruth",
        body: "I think that's exactly his point: the more needs the official economy fails to meet, the more things are *in effect* prohibited.",
      },
    ],
    reactions: [
      { by: "olive", emoji: "👍" },
      { by: "rosa", emoji: "👍", on: 1 },
    ],
  },
  {
    chapter: CRIME,
    quote: "The new class was essentially not the bureaucracy, but anti-social criminal elements.",
    by: "ruth",
    body: "Strong claim, and the opposite of the IBRP text in our library, for whom the bureaucracy *was* the ruling class. Worth reading the two side by side.",
    replies: [
      {
        by: "rosa",
        body: 'And he half concedes it in the next sentence: "a sizeable proportion of the bureaucracy". How big does a proportion have to be before the distinction collapses?',
      },
      {
        by: "olive",
        body: "{@ruth} could you bring the IBRP passage along? Five minutes comparing them would be great.",
      },
      { by: "ruth", body: "Will do." },
    ],
    spotlight:
      "Who is the new bourgeoisie? Ruth read the IBRP passage against this one: the bureaucracy as a class, or criminals who recruited bureaucrats? No agreement, but we agreed on the question.",
  },
  {
    chapter: CRIME,
    quote:
      "Labour camps are no more effective in suppressing the growth of capitalism, they are in suppressing the drug trade.",
    by: "olive",
    body: 'A slip in the text, I think: "they are" should read "than they are". Flagging it so nobody spends ten minutes parsing it as I did.',
    replies: [{ by: "rosa", body: "Thank you, I read it three times before giving up." }],
    resolvedBy: "olive",
  },
  {
    chapter: CRIME,
    quote:
      "money will turn into mere book-keeping receipts for the convenience of statisticians and for planning purposes",
    by: "rosa",
    body: 'Lovely image. But Trotsky puts it in "the still more distant future", and the chapter uses him to explain a black market in the 1970s. Is the quotation doing what the author needs?',
    replies: [
      {
        by: "ravi",
        body: "I think the point is the first half: money can't be *abolished* by decree. The black market is what you get when you try.",
      },
    ],
    reactions: [{ by: "ruth", emoji: "💡", on: 1 }],
    spotlight:
      "Trotsky on money: Ravi's reading (money cannot be abolished by decree; the black market is what you get when you try) carried the room.",
  },
  {
    chapter: PLANNING,
    quote:
      "Soviet democracy, as a system for the living regulation by the masses of the structure of the economy",
    by: "ravi",
    body: "Three elements, and the bureaucracy kept only the first. Everything else in the chapter follows from losing the other two.",
    replies: [
      {
        by: "rosa",
        body: "Though the market never quite disappeared: see the Tittenbrun quotation further down (grey and black markets, barter between enterprises). It lost the third and drove the second underground.",
      },
    ],
    reactions: [{ by: "olive", emoji: "👍" }],
    bring: ["rosa", "ravi", "olive"],
    spotlight:
      "Trotsky's three elements of planning: the bureaucracy kept the departments, drove trade underground and dropped Soviet democracy.",
  },
  {
    chapter: PLANNING,
    quote: "a mind that could register simultaneously all the processes of nature and society",
    by: "rosa",
    body: "Laplace's demon as a planning authority: this is Hayek's knowledge problem a few years early, and from the left. Does anyone know whether Hayek ever read it?",
    replies: [
      {
        by: "ravi",
        body: "No idea. But the conclusions differ: Trotsky wants *more* democracy to get the information, Hayek wants prices alone.",
      },
      {
        by: "ruth",
        body: "So they disagree about which signal carries the information, votes or prices, and Trotsky keeps both.",
      },
    ],
    reactions: [
      { by: "ruth", emoji: "💡" },
      { by: "olive", emoji: "💡" },
    ],
    bring: ["ruth", "rosa"],
    spotlight:
      "Laplace's demon and Hayek's knowledge problem: who carries the information, votes or prices? Trotsky wants both.",
  },
  {
    chapter: PLANNING,
    quote: "'politics is concentrated economics'",
    by: "olive",
    body: 'The phrase is Lenin\'s, I believe (the trade-union debate of 1920–21: "politics is the most concentrated expression of economics"). Trotsky is quoting it in the passage above.',
    replies: [
      {
        by: "ravi",
        body: "And Lenin aimed it *at* Trotsky in that debate, which makes its use here rather nice.",
      },
    ],
    reactions: [{ by: "rosa", emoji: "😂", on: 1 }],
  },
  {
    chapter: PLANNING,
    quote:
      "a fisherman in Sakhalin must watch the fish rotting on the jetty while waiting for the order to bring them in to arrive from Moscow",
    by: "ruth",
    body: 'Best image in the chapter. But the Toyota side of the contrast is a bit rosy: those "autonomous work units" came with brutal line speeds. Owning your work and controlling it are not the same thing.',
    replies: [
      {
        by: "olive",
        body: "Agreed, and it connects with Bill Hunter at the end of the chapter: Western living standards came from struggle, not from management theory.",
      },
    ],
    reactions: [
      { by: "rosa", emoji: "👍" },
      { by: "ravi", emoji: "👍" },
    ],
    spotlight:
      'Sakhalin fish and Toyota line workers: Ruth on why "ownership" of your work is not control of it; Olive linked it to Bill Hunter\'s point about struggle.',
  },
  {
    chapter: PLANNING,
    quote: "Planned economy means the application of democratic centralism",
    by: "ravi",
    body: "The definition the whole chapter builds to, in one line. What would democratic centralism applied to an economy look like day to day? Who votes on the last button for a vest?",
    replies: [
      {
        by: "ruth",
        body: "Maybe that's why the market stays as the second lever: nobody votes on buttons, people buy them, and the plan reads the signal.",
      },
      {
        by: "rosa",
        body: "Then the democratic part is the big allocations, the list in Trotsky's third paragraph: accumulation against consumption, wages, town against village.",
      },
    ],
  },
  {
    chapter: PLANNING,
    quote:
      "Does this mean that Trotsky is supporting Gorbachev, that Trotsky was also a 'market socialist'?",
    by: "rosa",
    body: 'A rhetorical question with a one-word answer. I\'m not sure the "No" is earned: the quotations just before sound a lot like market socialism to me.',
    replies: [
      {
        by: "olive",
        body: "The line he draws is between the market as a tool under workers' control and the market taken for socialism. Whether it holds is a good question for the session. {@ravi}, you had thoughts?",
      },
      {
        by: "ravi",
        body: "I do: the difference is who controls the ruble. Happy to open with it.",
      },
    ],
  },
];

const RECAPS: Record<string, string> = {
  [COLLAPSE]:
    "**Where we landed:** isolation is the cause the author gives; the bureaucracy is the form it took.\n\n- Why workers did not defend the state in 1991: the trap of the last paragraph.\n- To watch for: whether later chapters earn the opening claim about imperialism.",
  [CRIME]:
    "**Where we landed:** the black market was the symptom, not the disease: it grew exactly as far as the plan failed to meet needs.\n\n- *Primitive accumulation* is more than a metaphor if the 1990s privatisations count as its legal second step.\n- Open question: was the new bourgeoisie criminal or bureaucratic? Compare the IBRP text.",
  [PLANNING]:
    '**Where we landed:** Trotsky\'s three elements (plan, market, Soviet democracy) are the key to the chapter; the bureaucracy kept only the first.\n\n- The knowledge problem, left and right: votes and prices as two signals.\n- Open question: is the line between the market as a tool and "market socialism" as sharp as the author says?',
};

type Member = { id: string; name: string; role: GroupRole };
type Cast = Record<Who, Member>;
type Chapter = { id: string; title: string; paragraphs: { id: string; text: string }[] };
type Session = {
  id: string;
  title: string;
  startsAt: Date;
  endsAt: Date;
  hostId: string | null;
  chapters: Chapter[];
};
type Placed = {
  script: TDemoThread;
  anchor: TCommentAnchor;
  threadId: string;
  messageIds: string[];
};

const HOUR = 3_600_000;

const firstName = (member: Member) => member.name.split(" ")[0] ?? member.name;

function withMentions(body: string, cast: Cast): string {
  return body.replace(/\{@(olive|rosa|ravi|ruth)\}/g, (_token, who: Who) =>
    mentionToken({ id: cast[who].id, name: cast[who].name }),
  );
}

/** The script's passage in the chapter, as a member selecting it would anchor it. */
function place(chapter: Chapter, script: TDemoThread): Placed | null {
  for (const paragraph of chapter.paragraphs) {
    const start = paragraph.text.indexOf(script.quote);
    if (start === -1) continue;
    const selectors = describeSelection(paragraph.text, start, start + script.quote.length);
    return {
      script,
      anchor: { chapterId: chapter.id, paragraphId: paragraph.id, ...selectors },
      threadId: randomUUID(),
      messageIds: [script.body, ...(script.replies ?? [])].map(() => randomUUID()),
    };
  }
  return null;
}

/**
 * The commands of one chapter's threads, with their times: thread k opens at `from + k * step`,
 * its replies, reactions and resolution follow within that step.
 */
function chapterCommands(
  cast: Cast,
  placed: Placed[],
  firstIndex: number,
  from: number,
  step: number,
) {
  const gap = step / 5;
  return placed.flatMap((thread, k) => {
    const { script, threadId, messageIds, anchor } = thread;
    const opened = from + (firstIndex + k) * step;
    const replies = script.replies ?? [];
    const after = opened + (replies.length + 1) * gap;
    return [
      {
        by: script.by,
        at: opened,
        command: {
          type: "comment.create",
          threadId,
          messageId: messageIds[0],
          anchor,
          body: withMentions(script.body, cast),
        },
      },
      ...replies.map((reply, j) => ({
        by: reply.by,
        at: opened + (j + 1) * gap,
        command: {
          type: "comment.reply",
          threadId,
          messageId: messageIds[j + 1],
          body: withMentions(reply.body, cast),
        },
      })),
      ...(script.reactions ?? []).map((reaction, j) => ({
        by: reaction.by,
        at: after + j * 60_000,
        command: {
          type: "reaction.toggle",
          threadId,
          messageId: messageIds[reaction.on ?? 0],
          emoji: reaction.emoji,
        },
      })),
      ...(script.resolvedBy
        ? [
            {
              by: script.resolvedBy,
              at: after + gap / 2,
              command: { type: "thread.resolve", threadId },
            },
          ]
        : []),
    ];
  });
}

/** A session's threads, stored chapter by chapter between `from` and `until`. */
async function writeThreads(
  cast: Cast,
  session: Session,
  from: number,
  until: number,
  log: Log,
): Promise<Placed[]> {
  const byChapter = session.chapters.map((chapter) => ({
    chapter,
    placed: DEMO_THREADS.filter((script) => script.chapter === chapter.title).flatMap((script) => {
      const placed = place(chapter, script);
      if (!placed) log(`Seeding demo discussion: passage not found in "${chapter.title}"`);
      return placed ? [placed] : [];
    }),
  }));
  const total = byChapter.reduce((sum, { placed }) => sum + placed.length, 0);
  const step = (until - from) / (total + 1);
  let index = 0;
  for (const { chapter, placed } of byChapter) {
    if (placed.length === 0) continue;
    const commands = chapterCommands(cast, placed, index, from, step);
    index += placed.length;
    const name = chapterDoc(chapter.id);
    for (const { by, at, command } of commands) {
      const outcome = await runCommentCommand(
        cast[by].id,
        { doc: name, id: randomUUID(), ...command },
        { now: new Date(at), afterEffects: false },
      );
      if (!outcome.ok) throw new Error(`demo comment refused: ${outcome.error.message}`);
    }
  }
  return byChapter.flatMap(({ placed }) => placed);
}

/** Two threads brought to the next session, with their marks and votes. */
async function bringToSession(cast: Cast, groupId: string, session: Session, placed: Placed[]) {
  const brought = placed.filter((thread) => thread.script.bring?.length).slice(0, 2);
  const votes: number[] = [];
  for (const { threadId, script } of brought) {
    const [marker, ...voters] = (script.bring ?? []).map((who) => cast[who]);
    if (!marker) continue;
    const access = (member: Member) => ({ groupId, userId: member.id, role: member.role });
    const { markId } = await markThread(access(marker), session.id, { threadId });
    for (const voter of voters) await voteOnMark(access(voter), session.id, markId, true);
    votes.push(voters.length + 1);
  }
  return votes;
}

function sessionNotes(cast: Cast, session: Session, spotlit: Placed[], next: Session | undefined) {
  const present = CAST.map((who) => firstName(cast[who])).join(", ");
  const lines = [
    `# ${session.title}`,
    "",
    `*Shared notes, typed during the session. Present: ${present}.*`,
    "",
    "## Passages we looked at",
    "",
    ...spotlit.map(
      (thread, i) => `${i + 1}. > ${thread.anchor.exact}\n\n   ${thread.script.spotlight ?? ""}`,
    ),
    "",
    "## To carry forward",
    "",
    "- Keep a list of the places where the author leans on a quotation rather than an argument.",
    "- Compare with the IBRP text (*Stalin and Stalinism*) when we get to it.",
  ];
  if (next)
    lines.push(
      "",
      "## Next time",
      "",
      `- ${next.title}: read ahead and leave questions in the margin; bring one to the session.`,
    );
  return `${lines.join("\n")}\n`;
}

/** What the last session left behind: its spotlight agenda, shared notes and recaps. */
async function storeArchive(
  cast: Cast,
  groupId: string,
  session: Session,
  placed: Placed[],
  next: Session | undefined,
) {
  const spotlit = placed.filter((thread) => thread.script.spotlight).slice(0, 3);
  const host = cast.olive;
  const live = sessionDoc(session.id);
  const start = session.startsAt.getTime();
  const length = session.endsAt.getTime() - start;
  const commands = [
    ...spotlit.map(({ anchor }) => ({
      type: "spotlight.set",
      chapterId: anchor.chapterId,
      paragraphId: anchor.paragraphId,
      start: anchor.start,
      end: anchor.end,
    })),
    { type: "spotlight.clear" },
  ];
  for (const [i, command] of commands.entries()) {
    const at = new Date(start + ((i + 1) * length) / (commands.length + 1));
    const outcome = await runSessionCommand(
      host.id,
      { doc: live, id: randomUUID(), ...command },
      { now: at, afterEffects: false },
    );
    if (!outcome.ok) throw new Error(`demo session command refused: ${outcome.error.message}`);
  }
  // Shared notes are written by members' own clients (Yjs updates), not by commands.
  await documentHost().write(
    sessionNotesDoc(session.id),
    (doc) => doc.getText(SESSION_NOTES_TEXT).insert(0, sessionNotes(cast, session, spotlit, next)),
    () => Promise.resolve(),
  );
  const access = { groupId, userId: host.id, role: host.role };
  for (const chapter of session.chapters)
    await setChapterRecap(access, session.id, {
      chapterId: chapter.id,
      body:
        RECAPS[chapter.title] ??
        `**Where we landed:** a close reading of "${chapter.title}"; the shared notes list the passages we discussed.`,
    });
  return spotlit.length;
}

export async function seedDemoDiscussion({
  groupId,
  log,
  now = new Date(),
}: {
  groupId: string;
  log: Log;
  now?: Date;
}): Promise<{ created: boolean }> {
  if (await db.comment.findFirst({ where: { groupId }, select: { id: true } })) {
    log("Seeding demo discussion: the group already has comments, skipped");
    return { created: false };
  }
  const memberships = await db.membership.findMany({
    where: { groupId },
    orderBy: { joinedAt: "asc" },
    select: { userId: true, role: true, user: { select: { name: true } } },
  });
  const members = memberships.map((m) => ({ id: m.userId, name: m.user.name, role: m.role }));
  const sessions: Session[] = (
    await db.discussionSession.findMany({
      where: { groupId, status: { not: "CANCELLED" } },
      orderBy: { startsAt: "asc" },
      select: {
        id: true,
        title: true,
        startsAt: true,
        endsAt: true,
        hostId: true,
        chapters: {
          orderBy: [{ position: "asc" }, { chapter: { index: "asc" } }],
          select: {
            chapter: {
              select: {
                id: true,
                title: true,
                paragraphs: { orderBy: { index: "asc" }, select: { id: true, text: true } },
              },
            },
          },
        },
      },
    })
  ).map((session) => ({ ...session, chapters: session.chapters.map(({ chapter }) => chapter) }));
  const past = sessions.filter((session) => session.endsAt < now);
  const last = past.at(-1);
  const next = sessions.find((session) => session.startsAt >= now);
  if (members.length < CAST.length || (!last && !next)) {
    log("Seeding demo discussion: no members or sessions to discuss yet, skipped");
    return { created: false };
  }
  const cast = Object.fromEntries(CAST.map((who, i) => [who, members[i]])) as Cast;

  {
    const at = now.getTime();
    // Every past session was read and talked over in the margin first: the archive is lived in.
    const earlier: { session: Session; placed: Placed[] }[] = [];
    for (const session of past)
      earlier.push({
        session,
        placed: await writeThreads(
          cast,
          session,
          session.startsAt.getTime() - 144 * HOUR,
          session.startsAt.getTime(),
          log,
        ),
      });
    const ahead = next ? await writeThreads(cast, next, at - 96 * HOUR, at, log) : [];
    const threads = [...earlier.flatMap(({ placed }) => placed), ...ahead];
    const messages = threads.reduce((sum, thread) => sum + thread.messageIds.length, 0);
    log(`Seeding demo discussion: ${threads.length} margin threads, ${messages} messages`);
    if (next) {
      const votes = await bringToSession(cast, groupId, next, ahead);
      log(
        `Seeding demo discussion: ${votes.length} threads brought to "${next.title}" (${votes.join(" and ")} votes)`,
      );
    }
    for (const [i, { session, placed }] of earlier.entries()) {
      const following = earlier[i + 1]?.session ?? next;
      const passages = await storeArchive(cast, groupId, session, placed, following);
      log(
        `Seeding demo discussion: archive of "${session.title}" (${passages} spotlit passages, shared notes, ${session.chapters.length === 1 ? "a chapter recap" : `${session.chapters.length} chapter recaps`})`,
      );
    }
  }
  return { created: true };
}
