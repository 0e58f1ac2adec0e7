/**
 * Take over from the tray: the engine's plan in a message box (every step,
 * file and command), and the takeover only when the person presses Take
 * over. A plan that cannot go ahead is shown with OK only.
 */
import type { EngineHandle } from '../app/api.ts';
import { formatPlan } from '../app/cli/plan-view.ts';
import { paletteFor } from '../app/cli/output.ts';
import type { DialogApi } from './electron-seams.ts';

const PLAIN = paletteFor({ isTTY: false });

export async function confirmTakeover(engine: Pick<EngineHandle, 'takeoverPlan' | 'takeover'>, dialog: DialogApi, name: string): Promise<boolean> {
  const plan = await engine.takeoverPlan({ name });
  const detail = formatPlan(plan, PLAIN).slice(1).join('\n');
  if (plan.blockers.length > 0) {
    await dialog.showMessageBox({ type: 'warning', title: 'Upkeep', message: `${name} cannot be taken over yet`, detail, buttons: ['OK'], defaultId: 0, noLink: true });
    return false;
  }
  const { response } = await dialog.showMessageBox({
    type: 'question',
    title: 'Upkeep',
    message: `Take over ${name}?`,
    detail,
    buttons: ['Take over', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
  });
  if (response !== 0) return false;
  const result = await engine.takeover({ name, planId: plan.planId });
  await dialog.showMessageBox({ type: 'info', title: 'Upkeep', message: `${name} is taken over`, detail: result.steps.join('\n'), buttons: ['OK'], defaultId: 0, noLink: true });
  return true;
}
