// The frame's own copy of the visitor's token and last-seen message id, in its localStorage (per
// widget key; partitioned per top-level site where browsers allow it at all). Browsers often refuse
// a cross-site frame its storage (blocked third-party storage, privacy modes): then the values live
// in memory. Either way the host page's storage, through the loader, is the storage of record
// (host-link.ts); this copy is the second source.

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
