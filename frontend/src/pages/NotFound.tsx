import { Link } from 'react-router-dom';
import { PageHeader } from '../components/PageHeader.tsx';

export function NotFound() {
  return (
    <>
      <PageHeader title="Page not found" description="There is nothing at this address." />
      <Link to="/" className="text-sm font-medium text-emerald-700 hover:underline">
        Go to Home
      </Link>
    </>
  );
}
