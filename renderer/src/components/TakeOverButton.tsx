import { useState } from 'react';
import type { Bridge, TakeoverPlan } from '../../../app/api.ts';
import type { PendingTracker } from '../hooks/use-pending.ts';
import { Feedback } from './Feedback.tsx';
import { TakeoverDialog } from './TakeoverDialog.tsx';

/** Take over: asks the engine for the plan, shows it in a confirmation, and acts only on Take over. */
export function TakeOverButton({ name, bridge, pending }: { name: string; bridge: Bridge; pending: PendingTracker }) {
  const [plan, setPlan] = useState<TakeoverPlan | null>(null);
  const planKey = `${name}:takeover-plan`;
  const actKey = `${name}:takeover`;
  const busy = pending.isPending(planKey) || pending.isPending(actKey);
  return (
    <>
      <button
        type="button"
        className="button primary"
        disabled={busy}
        onClick={() => void pending.run(planKey, () => bridge.takeoverPlan({ name })).then((p) => setPlan(p ?? null))}
      >
        {pending.isPending(planKey) ? 'Planning…' : 'Take over'}
      </button>
      {plan ? (
        <TakeoverDialog
          plan={plan}
          busy={pending.isPending(actKey)}
          onCancel={() => setPlan(null)}
          onConfirm={() =>
            void pending.run(actKey, () => bridge.takeover({ name, planId: plan.planId }), (r) => r.steps).then(() => setPlan(null))
          }
        />
      ) : null}
      <Feedback pending={pending} at={planKey} />
      <Feedback pending={pending} at={actKey} />
    </>
  );
}
