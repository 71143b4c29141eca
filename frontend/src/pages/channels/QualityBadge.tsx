import { Badge, type Tone } from '../../components/Badge.tsx';

const RATINGS: Record<string, { label: string; tone: Tone }> = {
  GREEN: { label: 'High', tone: 'green' },
  YELLOW: { label: 'Medium', tone: 'amber' },
  RED: { label: 'Low', tone: 'red' },
};

/** Meta's quality rating (GREEN/YELLOW/RED, or UNKNOWN for new numbers). */
export function QualityBadge({ rating }: { rating: string | null }) {
  const known = rating ? RATINGS[rating] : undefined;
  return (
    <Badge tone={known?.tone ?? 'grey'} title={rating ? `Meta quality rating: ${rating}` : 'Meta has not rated this number yet'}>
      Quality: {known?.label ?? (rating ? rating.toLowerCase() : 'unknown')}
    </Badge>
  );
}
