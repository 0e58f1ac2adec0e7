import { useEffect, useState } from 'react';
import type { Bridge, Settings } from '../../../app/api.ts';
import { asBridgeError } from '../bridge/bridge-error.ts';

type Key = keyof Settings;

const LABELS: Record<Key, { label: string; hint: string }> = {
  startAtLogin: { label: 'Start at login', hint: 'Open Upkeep in the menu bar when you log in.' },
  notifications: { label: 'Notifications', hint: 'Tell me when a service goes down, loops, or recovers.' },
};

/** The shell's settings; in a browser (`upkeep serve`) they do not exist and say so. */
export function SettingsPanel({ bridge }: { bridge: Bridge }) {
  const [settings, setSettings] = useState<Settings | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState<Key | null>(null);

  useEffect(() => {
    bridge.getSettings({}).then(setSettings, (e: unknown) => setError(asBridgeError(e).message));
  }, [bridge]);

  async function change(key: Key, value: boolean): Promise<void> {
    setSaving(key);
    setError(null);
    try {
      setSettings(await bridge.setSettings({ [key]: value }));
    } catch (e) {
      setError(asBridgeError(e).message);
    } finally {
      setSaving(null);
    }
  }

  return (
    <section className="settings" aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      {settings === null && !error ? <p className="muted">Loading…</p> : null}
      {settings ? (
        <ul className="settings-list">
          {(Object.keys(LABELS) as Key[]).map((key) => {
            const value = settings[key];
            const unavailable = value === null;
            return (
              <li key={key}>
                <label className={unavailable ? 'is-unavailable' : undefined}>
                  <input
                    type="checkbox"
                    checked={value === true}
                    disabled={unavailable || saving !== null}
                    onChange={(e) => void change(key, e.target.checked)}
                    aria-describedby={`setting-${key}-hint`}
                  />
                  <span>{LABELS[key].label}</span>
                </label>
                <p className="hint" id={`setting-${key}-hint`}>
                  {unavailable ? 'Unavailable here: this belongs to the desktop app.' : LABELS[key].hint}
                </p>
              </li>
            );
          })}
        </ul>
      ) : null}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
