import { useState } from 'react';
import { inviteLink } from '../../api/team.ts';
import { Button } from '../../components/Button.tsx';
import { INPUT } from '../../components/Field.tsx';

/** An invite link shown once, with a Copy button (there is no mail server: the admin sends it). */
export function CopyLink({ email, path }: { email: string; path: string }) {
  const [copied, setCopied] = useState(false);
  const link = inviteLink(path);
  const copy = async () => {
    await navigator.clipboard?.writeText(link).catch(() => {});
    setCopied(true);
  };
  return (
    <div role="status" className="space-y-2 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900">
      <p>
        Send this link to <strong>{email}</strong>. It works once, for 7 days, and is shown only now (re-issue it for a new one).
      </p>
      <div className="flex gap-2">
        <input aria-label="Invite link" readOnly value={link} onFocus={(e) => e.target.select()} className={`${INPUT} mt-0 font-mono text-xs`} />
        <Button onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</Button>
      </div>
    </div>
  );
}
