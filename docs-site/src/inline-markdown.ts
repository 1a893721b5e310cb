// The small Markdown subset the spec's descriptions use: paragraphs, `- ` lists, `code`,
// **bold**, [links](url). Everything else is escaped text.
import { esc } from './html.js';

export function inline(text: string): string {
  const out: string[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    out.push(esc(text.slice(last, m.index)));
    if (m[1] !== undefined) out.push(`<code>${esc(m[1])}</code>`);
    else if (m[2] !== undefined) out.push(`<strong>${esc(m[2])}</strong>`);
    else out.push(`<a href="${esc(m[4])}">${esc(m[3])}</a>`);
    last = re.lastIndex;
  }
  out.push(esc(text.slice(last)));
  return out.join('');
}

export function markdown(text: string | undefined): string {
  if (!text) return '';
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((block) => {
      const lines = block.split('\n');
      if (lines.every((l) => /^\s*[-*] /.test(l)))
        return `<ul>${lines.map((l) => `<li>${inline(l.replace(/^\s*[-*] /, ''))}</li>`).join('')}</ul>`;
      return `<p>${inline(block.replace(/\s*\n\s*/g, ' '))}</p>`;
    })
    .join('\n');
}

/** The first sentence of a description, for tables and cards. */
export function firstSentence(text: string | undefined): string {
  const flat = (text ?? '')
    .trim()
    .split(/\n\s*\n/)[0]
    .replace(/\s*\n\s*/g, ' ');
  const m = /^(.+?[.!?])(\s|$)/.exec(flat);
  return m ? m[1] : flat;
}
