import markdownIt from "markdown-it";
import type { MarkdownIt } from "markdown-it";
import sanitizeHtml from "sanitize-html";
import { addMentionRule, type TMentionTokenMeta } from "@/lib/annotations/markdown/mention-rule";

/** The only link targets a comment may carry. Relative links are dropped too: a comment has no base. */
const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;

const LINK_REL = "noopener nofollow ugc";

export type TRenderCommentOptions = {
  /**
   * Current display name for a mentioned user id, undefined for anyone who is not a member of
   * the comment's group. The token carries the name as typed, which a commenter could forge
   * ("@[Admin](user:u1)"); resolving by id shows who is really meant. A token this does not
   * resolve (or every token, without it) renders as the plain text "@Name": only members of the
   * group are ever shown as mentioned.
   */
  mentionName?: (userId: string) => string | undefined;
};

function createMarkdown(options: { headings: boolean }): MarkdownIt {
  // html: false escapes every raw tag; typographer off keeps quotes as the member typed them.
  const md = markdownIt("default", {
    html: false,
    linkify: true,
    breaks: true,
    typographer: false,
  });
  // Comments sit in a margin: no headings (a "# " line stays text), no tables, and images become
  // links (markdown-it then reads "![alt](url)" as "!" followed by a link). Session notes and
  // recaps are documents: they keep their headings.
  md.disable([...(options.headings ? [] : ["heading", "lheading"]), "table", "image"]);
  // linkify-it 6 no longer links "www.example.org" unless asked; readers paste such addresses.
  md.linkify.set({ fuzzyLink: true });
  md.validateLink = (url) => SAFE_HREF.test(url.trim());

  addMentionRule(md);
  md.renderer.rules.mention = (tokens, index, _options, env) => {
    const meta = tokens[index]?.meta as TMentionTokenMeta;
    // env is what renderCommentMarkdown passed to md.render: its options.
    const { mentionName } = (env ?? {}) as TRenderCommentOptions;
    const name = mentionName?.(meta.userId);
    const escape = md.utils.escapeHtml;
    if (name === undefined) return `@${escape(meta.name)}`;
    return `<span class="mention" data-user-id="${escape(meta.userId)}">@${escape(name)}</span>`;
  };
  return md;
}

const markdown = createMarkdown({ headings: false });
const documentMarkdown = createMarkdown({ headings: true });

/**
 * The second line of defence: whatever markdown-it produced, only this vocabulary survives.
 * Every tag markdown-it can emit with the rules above is listed; nothing else is.
 */
const SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: [
    "p",
    "br",
    "em",
    "strong",
    "s",
    "a",
    "blockquote",
    "ul",
    "ol",
    "li",
    "code",
    "pre",
    "hr",
    "span",
  ],
  allowedAttributes: {
    a: ["href", "rel", "target"],
    span: ["class", "data-user-id"],
    ol: ["start"],
  },
  allowedClasses: { span: ["mention"] },
  allowedSchemes: ["http", "https", "mailto"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  transformTags: {
    a: (_tagName, attribs): sanitizeHtml.Tag => {
      const href = attribs.href ?? "";
      // A link that is not plainly http(s)/mailto keeps its text and loses its link.
      if (!SAFE_HREF.test(href.trim())) return { tagName: "span", attribs: {} };
      return { tagName: "a", attribs: { href, rel: LINK_REL, target: "_blank" } };
    },
  },
};

const HEADING_LEVELS: Record<string, string> = {
  h1: "h3",
  h2: "h4",
  h3: "h5",
  h4: "h5",
  h5: "h5",
  h6: "h5",
};

const DOCUMENT_SANITIZE_OPTIONS: sanitizeHtml.IOptions = {
  ...SANITIZE_OPTIONS,
  allowedTags: [...(SANITIZE_OPTIONS.allowedTags || []), "h3", "h4", "h5"],
  transformTags: {
    ...SANITIZE_OPTIONS.transformTags,
    ...Object.fromEntries(
      Object.entries(HEADING_LEVELS).map(([from, to]) => [
        from,
        sanitizeHtml.simpleTransform(to, {}),
      ]),
    ),
  },
};

/**
 * Comment Markdown to safe HTML: emphasis, links, quotes, lists, code, mentions. Works on the
 * server and in the browser, but sanitize-html pulls in postcss and htmlparser2, so the client
 * bundle should receive the rendered HTML from the server rather than import this module.
 */
export function renderCommentMarkdown(body: string, options: TRenderCommentOptions = {}): string {
  return sanitizeCommentHtml(markdown.render(body, options));
}

/**
 * Session notes and recaps: comment Markdown plus headings, which sit under the page's own
 * (`#` becomes h3, `##` h4, deeper ones h5), through the same sanitiser.
 */
export function renderDocumentMarkdown(body: string): string {
  return sanitizeHtml(documentMarkdown.render(body), DOCUMENT_SANITIZE_OPTIONS).trim();
}

/** The allow-list alone, exported so it can be tested against raw HTML, not only Markdown. */
export function sanitizeCommentHtml(html: string): string {
  return sanitizeHtml(html, SANITIZE_OPTIONS).trim();
}
