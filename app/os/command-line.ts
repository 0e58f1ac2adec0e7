/**
 * Joins argv for a person to read. Arguments with spaces are quoted, except a
 * lone one: that is a process title (`PM2 v5: God Daemon`), not an argument.
 */
export function displayCommand(argv: readonly string[]): string {
  if (argv.length === 1) return argv[0] as string;
  return argv.map((arg) => (arg === '' || /\s/.test(arg) ? JSON.stringify(arg) : arg)).join(' ');
}
