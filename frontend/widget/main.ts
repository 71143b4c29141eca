// The frame's entry (/widget/frame?key=KEY&origin=HOST_ORIGIN, or &preview=1 inside the dashboard).
// The page around it learns the frame's size by postMessage, addressed to the host origin the
// loader put in the URL (the preview's parent is the dashboard, this frame's own origin).

import type { FrameStateMessage } from './protocol.ts';
import { startLive } from './live.ts';
import { startPreview } from './preview.ts';

const params = new URLSearchParams(location.search);
const preview = params.get('preview') === '1';
const target = preview ? location.origin : (params.get('origin') ?? '');
const root = document.getElementById('widget')!;

function post(message: FrameStateMessage): void {
  if (window.parent === window) return; // opened on its own: nobody to size
  try {
    window.parent.postMessage(message, target);
  } catch {
    // an origin param that is not an origin: the frame stays as the loader made it
  }
}

if (preview) startPreview(root, post);
else startLive(root, params.get('key') ?? '', target, post);
