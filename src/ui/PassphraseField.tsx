import { useState } from 'react';

/** The shared secret, typed by sender and receiver alike; never stored or logged. */
export function PassphraseField({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [shown, setShown] = useState(false);
  return (
    <label className="field">
      <span>Passphrase</span>
      <span className="passphrase">
        <input
          type={shown ? 'text' : 'password'}
          aria-label="Passphrase"
          autoComplete="off"
          value={value}
          onChange={(e) => onChange(e.currentTarget.value)}
        />
        <button type="button" onClick={() => setShown(!shown)} aria-pressed={shown}>
          {shown ? 'Hide passphrase' : 'Show passphrase'}
        </button>
      </span>
    </label>
  );
}
