/**
 * What Outlook does to HTML an add-in writes into a body, reproduced so that the add-in meets it
 * before its users do:
 * - OfficeDev/office-js issue 5482 ("by design"): styled wrapper divs are dropped and each
 *   paragraph comes back as `<p class="elementToProof">` with its content in a span carrying the
 *   editor's default font; `<div style=...><p>Hello</p></div>` reads back as
 *   `<p class="elementToProof"><span style="font-family: Aptos, ...">Hello</span></p>`. Outlook on
 *   the web also numbers links (data-linkindex) and marks them (data-auth), and strips scripts
 *   and event-handler attributes.
 * - OfficeDev/office-js issue 6778 (seen on the web, not always): a full body.setAsync wraps the
 *   content in a new div with an extra `<br>`, so every full rewrite of the body grows it.
 *   Off by default; the host setting `bodyRewrite=5482,6778` turns it on.
 * Ids are kept: the product finds its join block by an id and a link, which Outlook preserves.
 *
 * Runs in the dev host page (it needs a DOM parser).
 */

export type BodyRewrite = 'none' | '5482' | '5482+6778';

export const EDITOR_FONT_STYLE =
  'font-family: Aptos, Aptos_EmbeddedFont, Aptos_MSFontService, Calibri, Helvetica, sans-serif; font-size: 12pt; color: rgb(0, 0, 0);';

const BLOCKS = new Set(['P', 'DIV', 'TABLE', 'UL', 'OL', 'H1', 'H2', 'H3', 'H4', 'H5', 'H6', 'BLOCKQUOTE', 'PRE', 'HR']);

function fragmentOf(html: string): HTMLElement {
  const doc = new DOMParser().parseFromString(`<!doctype html><html><body><div id="__root">${html}</div></body></html>`, 'text/html');
  return doc.getElementById('__root') as HTMLElement;
}

function hasBlockChild(el: Element): boolean {
  return Array.from(el.children).some((c) => BLOCKS.has(c.tagName));
}

function sanitize(root: HTMLElement): void {
  for (const el of Array.from(root.querySelectorAll('script, iframe, object, embed'))) el.remove();
  for (const el of Array.from(root.querySelectorAll('*'))) {
    for (const attr of Array.from(el.attributes)) {
      if (/^on/i.test(attr.name) || /^\s*javascript:/i.test(attr.value)) el.removeAttribute(attr.name);
    }
  }
}

function unwrapStyledDivs(root: HTMLElement): void {
  let changed = true;
  while (changed) {
    changed = false;
    for (const div of Array.from(root.querySelectorAll('div[style]'))) {
      if (!hasBlockChild(div)) continue;
      div.replaceWith(...Array.from(div.childNodes));
      changed = true;
    }
  }
}

function proofParagraphs(root: HTMLElement): void {
  const doc = root.ownerDocument;
  for (const block of Array.from(root.querySelectorAll('p, div'))) {
    if (hasBlockChild(block) || block.childNodes.length === 0) continue;
    block.classList.add('elementToProof');
    const only = block.childNodes.length === 1 ? block.firstChild : null;
    if (only instanceof Element && only.tagName === 'SPAN' && only.getAttribute('style')) continue;
    const span = doc.createElement('span');
    span.setAttribute('style', EDITOR_FONT_STYLE);
    span.append(...Array.from(block.childNodes));
    block.append(span);
  }
}

function markLinks(root: HTMLElement): void {
  Array.from(root.querySelectorAll('a[href]')).forEach((a, i) => {
    a.setAttribute('data-auth', 'NotApplicable');
    a.setAttribute('data-linkindex', String(i));
  });
}

/** The HTML Outlook keeps for a fragment an add-in wrote (5482 rules; sanitized in every mode). */
export function rewriteInsertedHtml(html: string, mode: BodyRewrite): string {
  const root = fragmentOf(html);
  sanitize(root);
  if (mode !== 'none') {
    unwrapStyledDivs(root);
    proofParagraphs(root);
    markLinks(root);
  }
  return root.innerHTML;
}

/** The body after a full body.setAsync of `html`. */
export function rewriteFullBody(html: string, mode: BodyRewrite): string {
  const kept = rewriteInsertedHtml(html, mode);
  return mode === '5482+6778' ? `<div class="elementToProof">${kept}<br></div>` : kept;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** Text written into an HTML body: escaped, one line per line. */
export function textToHtml(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `<div>${line === '' ? '<br>' : escapeHtml(line)}</div>`)
    .join('');
}

/** The body as text (body.getAsync(Text)): blocks and <br> become line breaks. */
export function htmlToText(html: string): string {
  const root = fragmentOf(html);
  const out: string[] = [];
  const walk = (node: Node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      out.push((node.textContent ?? '').replace(/\s+/g, ' '));
      return;
    }
    if (!(node instanceof Element)) return;
    if (node.tagName === 'BR') {
      out.push('\n');
      return;
    }
    if (node.tagName === 'SCRIPT' || node.tagName === 'STYLE') return;
    const block = BLOCKS.has(node.tagName) || node.tagName === 'LI' || node.tagName === 'TR';
    if (block && out.length > 0 && !out[out.length - 1]!.endsWith('\n')) out.push('\n');
    node.childNodes.forEach(walk);
    if (block && !(out[out.length - 1] ?? '').endsWith('\n')) out.push('\n');
  };
  root.childNodes.forEach(walk);
  return out
    .join('')
    .split('\n')
    .map((line) => line.trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
