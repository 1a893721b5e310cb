// Build-time syntax colouring for the code samples (shell, TypeScript, JSON): each token is
// escaped and wrapped in a span the stylesheet colours. No client-side library, no CDN.
import { esc } from './html.js';

export type Language = 'shell' | 'ts' | 'json' | 'text';

const RULES: Record<Exclude<Language, 'text'>, [RegExp, string][]> = {
  shell: [
    [/#[^\n]*/y, 'c'],
    [/'(?:[^']|'\\'')*'|"(?:[^"\\]|\\.)*"/y, 's'],
    [/\$[A-Za-z_][A-Za-z0-9_]*|\$\{[^}]*\}/y, 'v'],
    [/(?<=\s|^)--?[A-Za-z][A-Za-z-]*/y, 'k'],
    [/\b(?:curl|npm|npx|export)\b/y, 'f'],
  ],
  ts: [
    [/\/\/[^\n]*|\/\*[\s\S]*?\*\//y, 'c'],
    [/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/y, 's'],
    [
      /\b(?:import|from|export|const|let|await|async|function|return|if|else|throw|new|type|interface|for|of|while|true|false|null|undefined)\b/y,
      'k',
    ],
    [/\b\d+(?:\.\d+)?\b/y, 'n'],
    [/\b[A-Za-z_$][\w$]*(?=\()/y, 'f'],
  ],
  json: [
    [/"(?:[^"\\]|\\.)*"(?=\s*:)/y, 'p'],
    [/"(?:[^"\\]|\\.)*"/y, 's'],
    [/\b(?:true|false|null)\b/y, 'k'],
    [/-?\b\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/y, 'n'],
  ],
};

export function highlight(code: string, language: Language): string {
  if (language === 'text') return esc(code);
  const rules = RULES[language];
  let out = '';
  let plain = '';
  let i = 0;
  outer: while (i < code.length) {
    for (const [re, cls] of rules) {
      re.lastIndex = i;
      const m = re.exec(code);
      if (m && m[0].length > 0) {
        out += `${esc(plain)}<span class="t-${cls}">${esc(m[0])}</span>`;
        plain = '';
        i += m[0].length;
        continue outer;
      }
    }
    plain += code[i++];
  }
  return out + esc(plain);
}
