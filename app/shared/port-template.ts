/**
 * `{port}` in a service's args and health URL stands for the port it runs
 * on now. One substitution for the launch and the health check alike.
 */
export const PORT_PLACEHOLDER = '{port}';

/** The text with `{port}` filled in; null when it needs a port and there is none. */
export function fillPort(text: string, port: number | null): string | null {
  if (!text.includes(PORT_PLACEHOLDER)) return text;
  return port === null ? null : text.replaceAll(PORT_PLACEHOLDER, String(port));
}
