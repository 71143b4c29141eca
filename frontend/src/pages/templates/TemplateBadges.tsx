import { isSendable, type Template } from '../../api/templates.ts';
import { Badge, type Tone } from '../../components/Badge.tsx';

const STATUS_TONE: Record<string, Tone> = { APPROVED: 'green', PENDING: 'amber', IN_APPEAL: 'amber', REJECTED: 'red', PAUSED: 'red', DISABLED: 'red' };
const QUALITY_TONE: Record<string, Tone> = { GREEN: 'green', HIGH: 'green', YELLOW: 'amber', MEDIUM: 'amber', RED: 'red', LOW: 'red' };

/** The one state that decides whether campaigns may use the template. */
export function StateBadge({ template: t }: { template: Template }) {
  if (!t.isActive) return <Badge testId="state-badge" title="Deleted on Meta; kept for history">Inactive</Badge>;
  if (t.isQuarantined) return <Badge testId="state-badge" tone="amber" title={t.quarantineReason ?? undefined}>Quarantined</Badge>;
  if (isSendable(t)) return <Badge testId="state-badge" tone="green" title="Campaigns can use it">Sendable</Badge>;
  return <Badge testId="state-badge" title="Only APPROVED UTILITY templates can be sent">Not sendable</Badge>;
}

export function TemplateBadges({ template: t }: { template: Template }) {
  const quality = t.qualityScore?.toUpperCase();
  return (
    <div className="flex flex-wrap items-center gap-1.5">
      <StateBadge template={t} />
      <Badge tone={t.category === 'UTILITY' ? 'grey' : 'amber'}>{t.category}</Badge>
      {t.correctCategory && t.correctCategory !== t.category && (
        <Badge tone="amber" title="Meta announced a re-categorisation">→ {t.correctCategory}</Badge>
      )}
      <Badge tone={STATUS_TONE[t.status] ?? 'grey'}>{t.status}</Badge>
      {quality && <Badge tone={QUALITY_TONE[quality] ?? 'grey'}>Quality: {quality.toLowerCase()}</Badge>}
      {t.isTest && <Badge tone="blue">Test data</Badge>}
    </div>
  );
}
