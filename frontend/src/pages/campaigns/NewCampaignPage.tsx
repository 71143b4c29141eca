import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { accountLabel, useAccounts } from '../../api/accounts.ts';
import { CAMPAIGNS, createCampaign } from '../../api/campaigns.ts';
import type { Template } from '../../api/templates.ts';
import { Button } from '../../components/Button.tsx';
import { Field, INPUT } from '../../components/Field.tsx';
import { ErrorNote } from '../../components/Notes.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { nowForDateTimeInput } from '../../lib/format.ts';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { CsvPreviewTable } from './CsvPreviewTable.tsx';
import { TemplatePicker, templateNeeds } from './TemplatePicker.tsx';

const MAX_BYTES = 50 * 1024 * 1024;

/** A header row and one example row matching the picked templates, to start a CSV from. */
function sampleCsv(templates: Template[]): string {
  const needs = templates.map(templateNeeds);
  const variables = Math.max(0, ...needs.map((n) => n.variables));
  const media = needs.some((n) => n.media);
  const names = [...new Set(needs.flatMap((n) => n.names))];
  const header = ['Phone', '{{Media}}', ...Array.from({ length: variables }, (_, i) => `{{${i + 1}}}`), ...names];
  const example = ['919876543210', media ? 'https://example.com/image.jpg' : '', ...Array.from({ length: variables }, (_, i) => `value ${i + 1}`), ...names.map((n) => `${n} value`)];
  return `${header.join(',')}\r\n${example.join(',')}\r\n`;
}

export function NewCampaignPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const timeZone = useTimeZone();
  // Campaigns send WhatsApp templates: only active WhatsApp numbers can run one.
  const numbers = (useAccounts('whatsapp').data ?? []).filter((n) => n.isActive);
  const [name, setName] = useState('');
  const [numberId, setNumberId] = useState('');
  const [templates, setTemplates] = useState<Template[]>([]);
  const [when, setWhen] = useState<'now' | 'later'>('now');
  const [scheduledAt, setScheduledAt] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const tooBig = !!file && file.size > MAX_BYTES;

  const create = useMutation({
    mutationFn: () => createCampaign({ name: name.trim(), numberId, templateIds: templates.map((t) => t.id), scheduledAt: when === 'later' ? scheduledAt : '', file: file! }),
    onSuccess: async (created) => {
      await queryClient.invalidateQueries({ queryKey: [CAMPAIGNS] });
      navigate(`/campaigns/${created.id}`, { state: { created: true } });
    },
  });
  const ready = !!name.trim() && !!numberId && templates.length > 0 && !!file && !tooBig && (when === 'now' || !!scheduledAt);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (ready) create.mutate();
  };
  const sampleHref = `data:text/csv;charset=utf-8,${encodeURIComponent(sampleCsv(templates))}`;

  return (
    <>
      <PageHeader title="New campaign" description="Send approved UTILITY templates to the contacts of a CSV, throttled to what Meta accepts for the number." />
      <form onSubmit={submit} aria-label="New campaign" className="max-w-3xl space-y-5 rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
        <div className="grid gap-4 sm:grid-cols-2">
          <Field label="Name" htmlFor="campaign-name" hint="For you only; customers never see it.">
            <input id="campaign-name" required maxLength={200} value={name} onChange={(e) => setName(e.target.value)} className={INPUT} />
          </Field>
          <Field label="Number" htmlFor="campaign-number" hint="Campaigns on one number go one after another.">
            <select
              id="campaign-number"
              required
              value={numberId}
              onChange={(e) => {
                setNumberId(e.target.value);
                setTemplates([]);
              }}
              className={INPUT}
            >
              <option value="">Choose a number…</option>
              {numbers.map((n) => (
                <option key={n.id} value={n.id}>
                  {accountLabel(n)}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <div>
          <span className="block text-sm font-medium text-neutral-700">Templates</span>
          <p className="text-xs text-neutral-500">Pick one or more, in order: the valid contacts are split into equal consecutive parts, one per template (the remainder goes to the last).</p>
          {numberId ? <TemplatePicker numberId={numberId} value={templates} onChange={setTemplates} /> : <p className="mt-1 text-sm text-neutral-400">Choose a number first.</p>}
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-neutral-700">When</legend>
          <div className="mt-1 flex flex-wrap items-center gap-x-5 gap-y-2 text-sm">
            <label className="flex items-center gap-2">
              <input type="radio" name="when" checked={when === 'now'} onChange={() => setWhen('now')} className="accent-emerald-600" />
              Start now
            </label>
            <label className="flex items-center gap-2">
              <input type="radio" name="when" checked={when === 'later'} onChange={() => setWhen('later')} className="accent-emerald-600" />
              Schedule
            </label>
            {when === 'later' && (
              <label className="flex items-center gap-2">
                <input
                  type="datetime-local"
                  aria-label="Start at"
                  required
                  min={nowForDateTimeInput(timeZone)}
                  value={scheduledAt}
                  onChange={(e) => setScheduledAt(e.target.value)}
                  className="rounded-md border border-neutral-300 px-2 py-1 text-sm"
                />
                <span className="text-xs text-neutral-500">{timeZone}</span>
              </label>
            )}
          </div>
          {when === 'later' && <p className="mt-1 text-xs text-neutral-500">A scheduled campaign can be deleted before it starts, not edited. Its templates are checked again at the start.</p>}
        </fieldset>
        <Field
          label="Contacts (CSV)"
          htmlFor="campaign-file"
          hint={
            <>
              A header row names the columns (Phone, Mobile, WhatsApp, Phone 1 - Value…; Media or Image; {'{{1}}'}, {'{{2}}'}…; for a named template, columns named
              like its parameters); without one, the order is <code>Phone,{'{{Media}}'},{'{{1}}'},{'{{2}}'},…</code>. Phones with country code (e.g. 919876543210). Excel,
              Google Sheets and contacts-app exports work as saved (UTF-8, UTF-16 or Windows-1252; comma, semicolon or tab). Up to 100,000 rows and 50 MB; invalid rows are
              skipped and listed with their reason.{' '}
              {templates.length > 0 && (
                <a href={sampleHref} download="campaign-sample.csv" className="text-emerald-700 underline">
                  Download a sample
                </a>
              )}
            </>
          }
        >
          <input id="campaign-file" type="file" accept=".csv,.txt,text/csv,text/plain" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} className={`${INPUT} file:mr-3 file:rounded file:border-0 file:bg-neutral-100 file:px-2 file:py-1`} />
        </Field>
        {tooBig && <p role="alert" className="text-sm text-red-700">The file is larger than 50 MB; split it into several campaigns.</p>}
        {file && !tooBig && <CsvPreviewTable file={file} templateIds={templates.map((t) => t.id)} />}
        <ErrorNote error={create.error} />
        <div className="flex flex-wrap items-center justify-end gap-2">
          <Link to="/campaigns" className="rounded-md border border-neutral-300 bg-white px-3 py-1.5 text-sm font-medium text-neutral-700 shadow-xs hover:bg-neutral-50">
            Cancel
          </Link>
          <Button type="submit" variant="primary" disabled={!ready || create.isPending}>
            {create.isPending ? 'Uploading…' : when === 'later' ? 'Schedule campaign' : 'Start campaign'}
          </Button>
        </div>
      </form>
    </>
  );
}
