import { NO_SNIFF, type HttpResult } from '../shared/http';

/** Text as HTML text: nothing in it can open a tag or an attribute. */
export const escapeHtml = (text: string): string =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/**
 * Issue 14 item 5: every page the API renders is read on a phone too — the signed acknowledgement link is opened from
 * an e-mail, the notice is forwarded — so each says `width=device-width` (without it a phone lays the page out 980 px
 * wide and shrinks it to unreadable) and its CSS fits a 390 px screen.
 */
export const MOBILE_VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">';

/** The page is static: no script may run in it, whatever a title says. */
export const STATIC_PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
  ...NO_SNIFF,
} as const;

/**
 * A short answer as a small HTML page: each section in its language (`lang`), a heading and its paragraphs, every text
 * escaped.
 */
export function shortAnswerPage(
  statusCode: number,
  title: string,
  sections: { lang: 'zh-CN' | 'en'; heading: string; paragraphs: string[]; link?: { href: string; text: string } }[],
): HttpResult {
  const body = sections
    .map(
      (section) =>
        `<section lang="${section.lang}"><h1>${escapeHtml(section.heading)}</h1>${section.paragraphs
          .map((paragraph) => `<p>${escapeHtml(paragraph)}</p>`)
          .join('')}${
          section.link ? `<p><a href="${escapeHtml(section.link.href)}">${escapeHtml(section.link.text)}</a></p>` : ''
        }</section>`,
    )
    .join('\n');
  return {
    statusCode,
    headers: STATIC_PAGE_HEADERS,
    body: `<!doctype html>
<html lang="${sections[0]?.lang ?? 'zh-CN'}">
<head>
<meta charset="utf-8">
${MOBILE_VIEWPORT}
<title>${escapeHtml(title)}</title>
<style>
  body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", system-ui, sans-serif; max-width: 40em; margin: 1.5em auto; padding: 0 1em; line-height: 1.6; color: #1a1a1a; overflow-wrap: anywhere; }
  h1 { font-size: 1.2em; margin: 0 0 0.4em; }
  section + section { border-top: 1px solid #d0d4da; margin-top: 1.2em; padding-top: 1em; }
</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`,
  };
}
