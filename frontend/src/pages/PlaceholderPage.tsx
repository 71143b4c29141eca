import { PageHeader } from '../components/PageHeader.tsx';

/** A section that later issues fill in. */
export function PlaceholderPage({ title, description }: { title: string; description: string }) {
  return (
    <>
      <PageHeader title={title} description={description} />
      <div className="rounded-lg border border-dashed border-neutral-300 bg-white p-10 text-center text-sm text-neutral-400">
        Coming soon
      </div>
    </>
  );
}
