import type { ChecklistItem, ChecklistView } from './present.ts';

// The getting-started checklist on Home: what a new install still lacks, each step read from the
// data itself (never a flag the user ticks), with where to do it.

export interface SetupFacts {
  hasNumber: boolean;
  hasTemplates: boolean;
  hasCampaign: boolean;
  hasRule: boolean;
  hasAgent: boolean;
}

export function setupChecklist(f: SetupFacts): ChecklistView {
  const items: ChecklistItem[] = [
    {
      key: 'number',
      title: 'Add a WhatsApp number',
      detail: 'Connect a Cloud API number, or tick “Sandbox number” to try Parley against the built-in simulator.',
      href: '/channels',
      done: f.hasNumber,
    },
    {
      key: 'templates',
      title: 'Sync message templates',
      detail: 'Fetch the number’s approved templates from Meta; campaigns send only those.',
      href: '/templates',
      done: f.hasTemplates,
    },
    {
      key: 'campaign',
      title: 'Create a campaign',
      detail: 'Upload a CSV of contacts and pick the templates to send.',
      href: '/campaigns/new',
      done: f.hasCampaign,
    },
    {
      key: 'replies',
      title: 'Set an agent or a keyword rule',
      detail: 'Answer customers automatically: an AI agent per number, or keyword rules.',
      // a workspace with rules but no agent is done; one with neither starts with the agent
      href: f.hasRule && !f.hasAgent ? '/rules' : '/agents',
      done: f.hasRule || f.hasAgent,
    },
  ];
  return { items, complete: items.every((i) => i.done) };
}
