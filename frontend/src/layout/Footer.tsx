import { useVersion } from '../api/queries.ts';

export function Footer() {
  const { data } = useVersion();
  return (
    <footer className="px-4 py-4 md:px-8">
      <div className="mx-auto max-w-5xl text-xs text-neutral-400">
        {data && <span data-testid="app-version">{`Parley v${data.version}`}</span>}
      </div>
    </footer>
  );
}
