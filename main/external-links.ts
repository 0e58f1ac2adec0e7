/**
 * `shell.openExternal` hands a URL to the operating system, which will open
 * anything it has a handler for (file:, smb:, custom schemes). So the app
 * opens only http(s) URLs it built itself from a service's port — never a
 * URL that merely came from a page.
 */
import type { ServiceStatus } from '../app/api.ts';

/** The URL of a service on this machine, or null when it has no port. */
export function serviceUrl(status: Pick<ServiceStatus, 'port'>): string | null {
  return status.port === null ? null : `http://127.0.0.1:${status.port}/`;
}

/** Whether `url` is one the app built for one of these services. */
export function isAppBuiltUrl(url: string, services: ReadonlyArray<Pick<ServiceStatus, 'port'>>): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return false;
  return services.some((s) => serviceUrl(s) === parsed.href);
}

export function openServiceUrl(
  shell: { openExternal(url: string): Promise<void> },
  url: string,
  services: ReadonlyArray<Pick<ServiceStatus, 'port'>>,
): boolean {
  if (!isAppBuiltUrl(url, services)) return false;
  void shell.openExternal(url).catch(() => undefined);
  return true;
}
