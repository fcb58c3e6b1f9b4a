/** Wrong arguments or input: the CLI prints the message (and usage) and exits with status 2. */
export class UsageError extends Error {}
