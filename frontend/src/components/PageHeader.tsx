export function PageHeader({ title, description }: { title: string; description: string }) {
  return (
    <div className="mb-6">
      <title>{`${title} · Parley`}</title>
      <h1 className="text-xl font-semibold tracking-tight text-neutral-900">{title}</h1>
      <p className="mt-1 text-sm text-neutral-500">{description}</p>
    </div>
  );
}
