// The slice of Redocly's rule API the plugin uses (the CLI ships no types for plugins).
export interface Location {
  pointer: string;
  source: { absoluteRef: string };
  child(path: string | number | Array<string | number>): Location;
  key(): Location;
}
export interface Ctx {
  location: Location;
  key: string | number;
  report(problem: { message: string; location?: Location }): void;
  resolve<T = any>(node: unknown): { node: T | undefined; location?: Location };
}
export type Node = Record<string, any>;
type Handler = (node: any, ctx: Ctx) => void;
export interface Visitor {
  enter?: Handler;
  leave?: Handler;
  [nested: string]: Visitor | Handler | undefined;
}
export type Rule = () => Record<string, Visitor | Handler>;

export const RATE_LIMIT_HEADERS = [
  'X-RateLimit-Limit',
  'X-RateLimit-Remaining',
  'X-RateLimit-Reset',
  'RateLimit-Policy',
  'RateLimit',
] as const;

export const hasHeader = (response: Node | undefined, name: string) =>
  Object.keys(response?.headers ?? {}).some((h) => h.toLowerCase() === name.toLowerCase());

export const isError = (status: string | number) => /^[45]/.test(String(status));
