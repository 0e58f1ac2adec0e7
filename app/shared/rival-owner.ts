/** Whether a service is held or started by a rival, so the window and the tray offer Take over. */
import type { ServiceStatus } from '../api.ts';

export function hasRival(service: Pick<ServiceStatus, 'problem' | 'duplicates'>): boolean {
  const { problem } = service;
  if (problem?.kind === 'rival') return true;
  if (problem?.kind === 'port-conflict' && problem.owner?.class === 'supervised') return true;
  return service.duplicates.some((copy) => copy.class === 'supervised');
}
