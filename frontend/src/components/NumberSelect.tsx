import { useNumbers } from '../api/numbers.ts';

/** A filter select over the connected numbers, with an "All numbers" choice (value ''). */
export function NumberSelect({ value, onChange, className }: { value: string; onChange: (numberId: string) => void; className: string }) {
  const numbers = useNumbers().data ?? [];
  return (
    <select aria-label="Number" value={value} onChange={(e) => onChange(e.target.value)} className={className}>
      <option value="">All numbers</option>
      {numbers.map((n) => (
        <option key={n.id} value={n.id}>
          {n.display_name}
        </option>
      ))}
    </select>
  );
}
