// The messages the frame exchanges with the page around it (window.postMessage). Types only, so
// the loader (which must not import anything at run time) and the dashboard's preview can share
// them. Every receiver checks event.origin and event.source before reading one.

/** Frame -> loader (and -> the dashboard around a preview): size the iframe to this. */
export type FrameStateMessage = {
  type: 'parley:widget:state';
  /** The panel is open: the loader sizes the iframe to the panel (full screen on narrow screens). */
  open: boolean;
  /** Closed: the launcher's box (with room for its shadow, focus ring and badge), in CSS px. */
  width: number;
  height: number;
  position: 'left' | 'right';
  /** false until the widget's settings are known, and for a key that does not exist. */
  visible: boolean;
};

/** Preview frame -> dashboard: listening; send the settings now (and after each edit). */
export type PreviewReadyMessage = { type: 'parley:widget:ready' };

/**
 * Dashboard -> preview frame (/widget/frame?key=KEY&preview=1, same origin only): the unsaved
 * settings (the widgetSettings shape of server/webchat/schema.ts; missing or invalid values show
 * their defaults). `online: false` previews the offline message; `open` shows the panel or the launcher.
 */
export type PreviewSettingsMessage = { type: 'parley:widget:preview'; settings: unknown; online?: boolean; open?: boolean };

export const STATE_MESSAGE = 'parley:widget:state';
export const PREVIEW_READY = 'parley:widget:ready';
export const PREVIEW_SETTINGS = 'parley:widget:preview';
