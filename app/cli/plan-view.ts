/** A takeover plan as the CLI prints it: every step with its exact files and commands, then what blocks it. */
import type { TakeoverPlan } from '../api.ts';
import type { Palette } from './output.ts';

export function formatPlan(plan: TakeoverPlan, palette: Palette): string[] {
  const lines: string[] = [];
  const what = plan.direction === 'undo' ? `Undo the takeover of "${plan.service}"` : `Take over "${plan.service}"`;
  lines.push(palette.bold(`${what}:`));
  for (const finding of plan.findings) {
    lines.push(`  rival: ${finding.kind} — ${finding.evidence}${finding.respawns ? ' (restarts it)' : ''}${finding.scope === 'system' ? ' [system-wide]' : ''}`);
  }
  plan.steps.forEach((step, index) => {
    const [first, ...more] = step.title.split('\n');
    lines.push(`  ${index + 1}. ${step.scope === 'system' ? palette.yellow('[you] ') : ''}${first}`);
    for (const line of more) lines.push(`     ${line}`);
    for (const file of step.files) lines.push(palette.dim(`     file: ${file}`));
    for (const command of step.commands) lines.push(`     $ ${command}`);
  });
  for (const blocker of plan.blockers) lines.push(palette.red(`  cannot go ahead: ${blocker}`));
  return lines;
}
