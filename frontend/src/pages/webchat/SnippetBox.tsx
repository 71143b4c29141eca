import { useRef, useState } from 'react';
import { Button } from '../../components/Button.tsx';
import { INPUT } from '../../components/Field.tsx';

// The one line an admin pastes into their site. Copy uses the clipboard API; where there is none
// (the dashboard over plain http on a LAN address), the text is selected for Ctrl+C instead.

type CopyState = 'idle' | 'copied' | 'selected';

export function SnippetBox({ snippet, hasOrigins }: { snippet: string; hasOrigins: boolean }) {
  const area = useRef<HTMLTextAreaElement>(null);
  const [state, setState] = useState<CopyState>('idle');
  const select = () => {
    area.current?.focus();
    area.current?.select();
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(snippet);
      setState('copied');
    } catch {
      select();
      // The older way still works on http pages; it reports false where it is refused.
      setState(document.execCommand?.('copy') ? 'copied' : 'selected');
    }
  };
  return (
    <section aria-label="Snippet" className="space-y-2 rounded-lg border border-neutral-200 bg-white p-4">
      <h2 className="text-sm font-semibold text-neutral-900">Add it to your site</h2>
      <p className="text-xs text-neutral-500">
        Paste this line just before <span className="font-mono">&lt;/body&gt;</span> on every page that should show the widget
        {hasOrigins ? ', and keep the site in Allowed sites.' : ', then add the site to Allowed sites: until then the widget shows nowhere.'}
      </p>
      <textarea
        ref={area}
        data-testid="widget-snippet"
        aria-label="Snippet"
        readOnly
        rows={3}
        value={snippet}
        onFocus={(e) => e.target.select()}
        className={`${INPUT} resize-none font-mono text-xs`}
      />
      <div className="flex items-center gap-3">
        <Button onClick={() => void copy()}>{state === 'copied' ? 'Copied' : 'Copy'}</Button>
        <span role="status" className="text-xs text-neutral-500">
          {state === 'selected' && 'Selected: press Ctrl+C (⌘C on a Mac) to copy.'}
        </span>
      </div>
    </section>
  );
}
