import { accountLabelWithChannel, useAccounts, type Channel } from '../api/accounts.ts';

interface Props {
  value: string;
  onChange: (accountId: string) => void;
  className: string;
  /** Only this channel's accounts (templates: WhatsApp); all channels, labelled with theirs, otherwise. */
  channel?: Channel;
}

/** A filter select over the connected accounts, with an "All" choice (value ''). */
export function AccountSelect({ value, onChange, className, channel }: Props) {
  const accounts = useAccounts(channel).data ?? [];
  return (
    <select aria-label={channel === 'whatsapp' ? 'Number' : 'Account'} value={value} onChange={(e) => onChange(e.target.value)} className={className}>
      <option value="">{channel === 'whatsapp' ? 'All numbers' : 'All accounts'}</option>
      {accounts.map((a) => (
        <option key={a.id} value={a.id}>
          {channel ? a.displayName : accountLabelWithChannel(a)}
        </option>
      ))}
    </select>
  );
}
