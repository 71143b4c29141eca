import { createBrowserRouter, Navigate, RouterProvider, useLocation } from 'react-router-dom';
import { AdminOnly, StartPage } from './auth/AdminOnly.tsx';
import { RequireAuth } from './auth/RequireAuth.tsx';
import { Layout } from './layout/Layout.tsx';
import { AcceptInvitePage } from './pages/AcceptInvitePage.tsx';
import { AccountPage } from './pages/AccountPage.tsx';
import { AgentsPage } from './pages/AgentsPage.tsx';
import { AuditPage } from './pages/AuditPage.tsx';
import { CampaignsPage } from './pages/CampaignsPage.tsx';
import { CannedRepliesPage } from './pages/CannedRepliesPage.tsx';
import { ChannelsPage } from './pages/ChannelsPage.tsx';
import { LeadsPage } from './pages/LeadsPage.tsx';
import { RulesPage } from './pages/RulesPage.tsx';
import { CampaignDetailPage } from './pages/campaigns/CampaignDetailPage.tsx';
import { NewCampaignPage } from './pages/campaigns/NewCampaignPage.tsx';
import { HomePage } from './pages/HomePage.tsx';
import { InboxPage } from './pages/InboxPage.tsx';
import { LoginPage } from './pages/LoginPage.tsx';
import { NotFound } from './pages/NotFound.tsx';
import { NotificationsPage } from './pages/NotificationsPage.tsx';
import { SettingsPage } from './pages/SettingsPage.tsx';
import { TeamPage } from './pages/TeamPage.tsx';
import { TemplatesPage } from './pages/TemplatesPage.tsx';

/** The Channels page was "Numbers" before it held Instagram and Messenger: old links (?update=<id>) still land. */
function ToChannels() {
  const { search } = useLocation();
  return <Navigate to={{ pathname: '/channels', search }} replace />;
}

const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/invite', element: <AcceptInvitePage /> },
  {
    element: <RequireAuth />,
    children: [
      {
        element: <Layout />,
        children: [
          { index: true, element: <StartPage home={<HomePage />} /> },
          {
            element: <AdminOnly />,
            children: [
              { path: 'channels', element: <ChannelsPage /> },
              // The widget editor is an admin's occasional page: loaded when opened, not with the dashboard.
              { path: 'channels/webchat/:id', lazy: () => import('./pages/webchat/WidgetEditorPage.tsx').then((m) => ({ Component: m.WidgetEditorPage })) },
              { path: 'numbers', element: <ToChannels /> },
              { path: 'templates', element: <TemplatesPage /> },
              { path: 'campaigns', element: <CampaignsPage /> },
              { path: 'campaigns/new', element: <NewCampaignPage /> },
              { path: 'campaigns/:id', element: <CampaignDetailPage /> },
              { path: 'rules', element: <RulesPage /> },
              { path: 'agents', element: <AgentsPage /> },
              { path: 'settings', element: <SettingsPage /> },
              { path: 'settings/team', element: <TeamPage /> },
              { path: 'settings/audit', element: <AuditPage /> },
            ],
          },
          { path: 'inbox', element: <InboxPage /> },
          { path: 'canned-replies', element: <CannedRepliesPage /> },
          { path: 'leads', element: <LeadsPage /> },
          { path: 'notifications', element: <NotificationsPage /> },
          { path: 'account', element: <AccountPage /> },
          { path: '*', element: <NotFound /> },
        ],
      },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
