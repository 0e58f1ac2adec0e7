/**
 * The one-click fix, step by step: stop our own duplicates and stale copies
 * (never strangers, never what another supervisor runs), clear the port,
 * forget the crash loop, start. Each step is said in words for the caller.
 */
import { PORT_DEFAULTS } from '../config/defaults.ts';
import { isPortFree } from '../ports/free.ts';
import type { PortGuard } from '../ports/port-guard.ts';
import type { CopyScanner } from '../copies/copy-scanner.ts';
import { listProcesses } from '../os/table.ts';
import { stopRecognised } from '../runs/stop-run.ts';
import { describeClass, describeOwner } from '../shared/port-owner.ts';
import { takeoverHint } from '../shared/rival-text.ts';
import type { ServiceRunner } from '../supervisor/service-runner.ts';

export async function restore(runners: ServiceRunner[], parts: { ports: PortGuard; copies: CopyScanner }): Promise<string[]> {
  await parts.copies.refresh();
  const steps: string[] = [];
  for (const runner of runners) {
    const copies = parts.copies.of(runner).filter((copy) => copy.class === 'stale-copy');
    if (copies.length > 0) {
      const table = await listProcesses({ wantCwd: () => false });
      for (const copy of copies) {
        await stopRecognised(copy.pid, table);
        steps.push(`${runner.name}: stopped duplicate pid ${copy.pid} (${copy.command})`);
      }
    }
    for (const copy of parts.copies.of(runner).filter((c) => c.class === 'supervised')) {
      steps.push(`${runner.name}: left pid ${copy.pid} alone: ${describeClass(copy, runner.name)}, which would start it again; ${takeoverHint(runner.name)}`);
    }
    parts.copies.clear(runner);
    runner.resetBackoff();
    if (runner.pid !== null && runner.state !== 'stopping') {
      steps.push(`${runner.name}: running (pid ${runner.pid}); nothing else to do`);
      continue;
    }
    const port = runner.port;
    if (port !== null && !(await isPortFree(port))) {
      const owner = await parts.ports.ownerOf(runner, port);
      if (owner?.class === 'stale-copy') {
        await stopRecognised(owner.pid, await listProcesses({ wantCwd: () => false }));
        steps.push(`${runner.name}: stopped stale copy pid ${owner.pid} holding port ${port}`);
      } else if (owner?.class === 'supervised') {
        steps.push(`${runner.name}: port ${port} held by ${describeOwner(owner, runner.name)}; left alone, it would start it again; ${takeoverHint(runner.name)}`);
      } else if ((runner.spec.onPortConflict ?? PORT_DEFAULTS.onConflict) === 'reassign') {
        steps.push(`${runner.name}: port ${port} held by ${describeOwner(owner, runner.name)}; will move to a free port`);
      } else {
        steps.push(`${runner.name}: port ${port} held by ${describeOwner(owner, runner.name)}; left alone (choose Stop it or another port)`);
      }
    }
    await runner.start('restored by user');
    steps.push(`${runner.name}: ${runner.reason}`);
  }
  return steps;
}
