// The messages the frame exchanges with the page around it (window.postMessage): their types and
// type strings, the one definition the frame, the loader and the dashboard's preview share (the
// loader's build inlines the strings: widget.js still has no imports at run time). Every receiver
// checks event.origin and event.source before reading one, and every sender names the receiver's
// origin (never '*').

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

/**
 * The visitor's storage lives in the HOST page's localStorage, kept by the loader: browsers block
 * (or wipe) a cross-site iframe's own storage, the host page's is first-party. The frame asks for
 * it once it listens; the loader answers with a HostValuesMessage (and again whenever another tab
 * of the site changes them).
 */
export type FrameHelloMessage = { type: 'parley:widget:hello' };

/** Loader -> frame: what the host page keeps for this widget (null: nothing, or storage disabled). */
export type HostValuesMessage = {
  type: 'parley:widget:token';
  /** The visitor token (localStorage `parley.widget.<key>` of the host page). */
  token: string | null;
  /** The newest business message the visitor has seen (`parley.widget.<key>.seen`): the unread badge. */
  seen?: string | null;
};

/** Frame -> loader, after every session answer and when `seen` moves: keep these. */
export type FrameStoreMessage = { type: 'parley:widget:store'; token: string; seen?: string | null };

/** Preview frame -> dashboard: listening; send the settings now (and after each edit). */
export type PreviewReadyMessage = { type: 'parley:widget:ready' };

/**
 * Dashboard -> preview frame (/widget/frame?key=KEY&preview=1, same origin only): the unsaved
 * settings (the widgetSettings shape of server/webchat/schema.ts; missing or invalid values show
 * their defaults). `online: false` previews the offline message; `open` shows the panel or the launcher.
 */
export type PreviewSettingsMessage = { type: 'parley:widget:preview'; settings: unknown; online?: boolean; open?: boolean };

export const STATE_MESSAGE = 'parley:widget:state';
export const HELLO_MESSAGE = 'parley:widget:hello';
export const HOST_VALUES_MESSAGE = 'parley:widget:token';
export const STORE_MESSAGE = 'parley:widget:store';
export const PREVIEW_READY = 'parley:widget:ready';
export const PREVIEW_SETTINGS = 'parley:widget:preview';
