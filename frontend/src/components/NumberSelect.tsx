// The inbox filters (owned by the inbox work) still import this name; they move to AccountSelect with it.
export { AccountSelect as NumberSelect } from './AccountSelect.tsx';
