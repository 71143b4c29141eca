// The visitor's token and last-seen message id, in the frame's localStorage (per widget key; the
// browser partitions it per top-level site, so reloads and tabs of one site share a visitor).
// Storage can be refused (privacy modes, blocked third-party storage): then the values live in
// memory and the visitor is new on each page load, which still works.

export type Slot = { get(): string | null; set(value: string | null): void };

export function storageSlot(name: string): Slot {
  let memory: string | null = null;
  return {
    get() {
      try {
        return window.localStorage.getItem(name) ?? memory;
      } catch {
        return memory;
      }
    },
    set(value) {
      memory = value;
      try {
        if (value === null) window.localStorage.removeItem(name);
        else window.localStorage.setItem(name, value);
      } catch {
        // memory only
      }
    },
  };
}

export const tokenSlot = (key: string) => storageSlot(`parley.widget.${key}`);
export const seenSlot = (key: string) => storageSlot(`parley.widget.${key}.seen`);
