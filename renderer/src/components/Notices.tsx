import { useEffect, useRef, useState } from 'react';
import type { Bridge, EngineInfo, Events } from '../../../app/api.ts';

type Notice = Events['notice'] & { id: number };

const SHOWN_MS = 8_000;
const MAX_SHOWN = 4;

/** The engine's passing remarks (a service recovered, a config problem), shown for a few seconds. */
export function Notices({ bridge, backlog }: { bridge: Bridge; backlog: EngineInfo['notices'] | undefined }) {
  const [notices, setNotices] = useState<Notice[]>([]);
  const nextId = useRef(1);
  // Warnings from before this window connected (at engine boot) stay until dismissed.
  const backlogShown = useRef(false);
  useEffect(() => {
    if (backlogShown.current || !backlog) return;
    backlogShown.current = true;
    const missed = backlog.filter((n) => n.level !== 'info').slice(-MAX_SHOWN);
    if (missed.length > 0) {
      setNotices((current) => [...missed.map(({ at: _at, ...n }) => ({ ...n, id: nextId.current++ })), ...current].slice(-MAX_SHOWN));
    }
  }, [backlog]);
  useEffect(() => {
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const off = bridge.on('notice', (notice) => {
      const id = nextId.current++;
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
