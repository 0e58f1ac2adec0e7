/**
 * The selected service's log: its tail first, then lines as they are
 * appended (the `log` event), into a bounded buffer. Re-renders at most once
 * per animation frame however fast lines arrive.
 */
import { useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../../app/api.ts';
import type { ConnectionState } from '../bridge/connection.ts';
import { asBridgeError } from '../bridge/bridge-error.ts';
import { LineBuffer, withoutOverlap } from '../model/line-buffer.ts';

const TAIL_LINES = 5_000;

export interface LogView {
  buffer: LineBuffer;
  version: number;
  path: string | null;
  loading: boolean;
  error: string | null;
}

export function useLogLines(bridge: Bridge, name: string, connection: ConnectionState): LogView {
  const bufferRef = useRef(new LineBuffer());
  const [version, setVersion] = useState(0);
  const [path, setPath] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (connection !== 'open') return;
    const buffer = bufferRef.current;
    let cancelled = false;
    let tailLoaded = false;
    let early: string[] = [];
    let earlyAt = 0;
    let frame = 0;
    const bump = (): void => {
      if (frame !== 0) return;
      frame = requestAnimationFrame(() => {
        frame = 0;
        setVersion(buffer.version);
      });
    };

    buffer.reset();
    setLoading(true);
    setError(null);
    setVersion(buffer.version);

    const off = bridge.on('log', (event) => {
      if (event.name !== name) return;
      if (!tailLoaded) {
        earlyAt ||= Date.now();
        early.push(...event.lines);
      } else {
        buffer.push(event.lines, Date.now());
        bump();
      }
    });
    bridge
      .logs({ name, lines: TAIL_LINES })
      .then((tail) => {
        if (cancelled) return;
        buffer.reset(tail.lines);
        buffer.push(withoutOverlap(tail.lines, early), earlyAt);
        early = [];
        tailLoaded = true;
        setPath(tail.path);
        setLoading(false);
        bump();
      })
      .catch((e: unknown) => {
        if (cancelled) return;
        tailLoaded = true;
        setError(asBridgeError(e).message);
        setLoading(false);
      });
    return () => {
      cancelled = true;
      off();
      cancelAnimationFrame(frame);
    };
  }, [bridge, name, connection]);

  return { buffer: bufferRef.current, version, path, loading, error };
}
