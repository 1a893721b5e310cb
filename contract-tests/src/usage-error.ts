/** A run that cannot start: bad usage, unreadable spec, unreachable server (exit code 2). */
export class UsageError extends Error {}
