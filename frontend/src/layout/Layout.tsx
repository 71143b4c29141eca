import { Outlet } from 'react-router-dom';
import { LiveStatusContext } from '../live/LiveStatus.ts';
import { useLiveUpdates } from '../live/useLiveUpdates.ts';
import { Footer } from './Footer.tsx';
import { Sidebar } from './Sidebar.tsx';
import { TopBar } from './TopBar.tsx';

/** The signed-in shell: sidebar (a top menu on phones), top bar, page, footer. */
export function Layout() {
  const liveStatus = useLiveUpdates();
  return (
    <LiveStatusContext value={liveStatus}>
      <div className="min-h-dvh bg-neutral-50 text-neutral-900 md:flex">
        <Sidebar />
        <div className="flex min-w-0 flex-1 flex-col">
          <TopBar />
          <main className="flex-1 px-4 py-6 md:px-8 md:py-8">
            <div className="mx-auto max-w-5xl">
              <Outlet />
            </div>
          </main>
          <Footer />
        </div>
      </div>
    </LiveStatusContext>
  );
}
