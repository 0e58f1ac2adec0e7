import { useEffect, useState } from 'react';
import type { Bridge, Events } from '../../../app/api.ts';

type Notice = Events['notice'] & { id: number };

const SHOWN_MS = 8_000;
const MAX_SHOWN = 4;

/** The engine's passing remarks (a service recovered, a config problem), shown for a few seconds. */
export function Notices({ bridge }: { bridge: Bridge }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  useEffect(() => {
    let nextId = 1;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const off = bridge.on('notice', (notice) => {
      const id = nextId++;
      setNotices((current) => [...current, { ...notice, id }].slice(-MAX_SHOWN));
      const timer = setTimeout(() => {
        timers.delete(timer);
        setNotices((current) => current.filter((n) => n.id !== id));
      }, SHOWN_MS);
      timers.add(timer);
    });
    return () => {
      off();
      for (const t of timers) clearTimeout(t);
    };
  }, [bridge]);
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.level}`}>
          {n.service ? <strong>{n.service}: </strong> : null}
          {n.message}
          <button type="button" className="link" onClick={() => setNotices((c) => c.filter((x) => x.id !== n.id))} aria-label="Dismiss notice">
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
