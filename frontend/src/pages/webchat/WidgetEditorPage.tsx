import { useRef, useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router-dom';
import { ApiError, fieldErrors } from '../../api/client.ts';
import { useSaveWidget, useWidget, type WidgetView } from '../../api/webchat.ts';
import { Button } from '../../components/Button.tsx';
import { ErrorNote, Loading, SuccessNote } from '../../components/Notes.tsx';
import { PageHeader } from '../../components/PageHeader.tsx';
import { useTimeZone } from '../../lib/useTimeZone.ts';
import { BasicsFields } from './BasicsFields.tsx';
import { BusinessHoursFields } from './BusinessHoursFields.tsx';
import { DeleteWidgetDialog } from './DeleteWidgetDialog.tsx';
import { LookFields } from './LookFields.tsx';
import { OriginsField } from './OriginsField.tsx';
import { PreChatFields } from './PreChatFields.tsx';
import { SnippetBox } from './SnippetBox.tsx';
import { WidgetPreview } from './WidgetPreview.tsx';
import {
  DEFAULT_COLOR,
  isDirty,
  isHexColor,
  newWidgetValues,
  settingsFromValues,
  valuesFromSettings,
  widgetPreviewMessage,
  withoutBlankOrigins,
  type SectionProps,
  type WidgetFormValues,
} from './widgetForm.ts';

/**
 * /channels/webchat/new and /channels/webchat/:id: every setting of a widget, its snippet and a
 * live preview of the unsaved form. A new widget gets its key (and snippet) on the first save.
 */
export function WidgetEditorPage() {
  const { id = 'new' } = useParams();
  const isNew = id === 'new';
  const widget = useWidget(isNew ? null : id);
  if (!isNew && !widget.data) {
    const gone = widget.error instanceof ApiError && widget.error.status === 404;
    return (
      <>
        <PageHeader title="Web chat widget" description="A chat widget for your website." />
        {widget.isPending && <Loading />}
        {gone ? <p className="text-sm text-neutral-600">This widget no longer exists.</p> : <ErrorNote error={widget.error} />}
        <BackLink />
      </>
    );
  }
  // A new widget's form is replaced by the saved one's (its own key) once it has an id.
  return <WidgetEditor key={widget.data?.id ?? 'new'} widget={widget.data ?? null} />;
}

function BackLink() {
  return (
    <Link to="/channels" className="mt-3 inline-block text-sm font-medium text-emerald-700 hover:underline">
      ← Channels
    </Link>
  );
}

function WidgetEditor({ widget }: { widget: WidgetView | null }) {
  const appTimeZone = useTimeZone();
  const navigate = useNavigate();
  const location = useLocation();
  const [saved, setSaved] = useState<WidgetFormValues>(() => (widget ? valuesFromSettings(widget.settings, appTimeZone) : newWidgetValues(appTimeZone)));
  const [values, setValues] = useState<WidgetFormValues>(saved);
  const [justSaved, setJustSaved] = useState(!!(location.state as { created?: boolean } | null)?.created);
  const [deleting, setDeleting] = useState(false);
  const save = useSaveWidget(widget?.id ?? null);
  const errors = fieldErrors(save.error);
  const lastValidColor = useRef(isHexColor(saved.color) ? saved.color : DEFAULT_COLOR);
  if (isHexColor(values.color)) lastValidColor.current = values.color.trim().toLowerCase();
  const dirty = isDirty(values, saved);

  const set: SectionProps['set'] = (key, value) => {
    setJustSaved(false);
    // A row added or removed moves the rows under it: the server's messages by row index no longer fit.
    const before = values[key];
    if (Array.isArray(before) && Array.isArray(value) && before.length !== value.length) save.reset();
    setValues((v) => ({ ...v, [key]: value }));
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = withoutBlankOrigins(values);
    setValues(v);
    save.mutate(settingsFromValues(v), {
      onSuccess: (w) => {
        const next = valuesFromSettings(w.settings, appTimeZone);
        setSaved(next);
        setValues(next);
        setJustSaved(true);
        if (!widget) navigate(`/channels/webchat/${w.id}`, { replace: true, state: { created: true } });
      },
    });
  };

  const name = widget?.settings.name ?? 'New web chat widget';
  const sections: SectionProps = { values, set, errors };
  return (
    <>
      <PageHeader title={name} description="A chat widget for your website: its look, hours and the sites that may show it, with a live preview." />
      <BackLink />
      <div className="mt-4 grid gap-6 lg:grid-cols-[minmax(0,1fr)_minmax(0,26rem)]">
        <form onSubmit={submit} aria-label="Widget settings" className="space-y-6 rounded-lg border border-neutral-200 bg-white p-4 sm:p-5">
          <BasicsFields {...sections} />
          <LookFields {...sections} />
          <PreChatFields {...sections} />
          <BusinessHoursFields {...sections} />
          <OriginsField {...sections} />
          <div className="sticky bottom-0 -mx-4 -mb-4 space-y-2 border-t border-neutral-200 bg-white/95 px-4 py-3 sm:-mx-5 sm:-mb-5 sm:px-5">
            <ErrorNote error={save.error} />
            {justSaved && !dirty && <SuccessNote>{widget ? 'Saved. Sites that show the widget get the changes on their next page load.' : 'Saved.'}</SuccessNote>}
            <div className="flex flex-wrap items-center gap-2">
              <Button type="submit" variant="primary" disabled={save.isPending || (!dirty && !!widget)}>
                {save.isPending ? 'Saving…' : widget ? 'Save' : 'Create widget'}
              </Button>
              {dirty && widget && (
                <Button onClick={() => (setValues(saved), save.reset())} disabled={save.isPending}>
                  Discard changes
                </Button>
              )}
              {widget && (
                <Button variant="ghost" onClick={() => setDeleting(true)} className="ml-auto text-red-700 hover:text-red-800">
                  Delete widget
                </Button>
              )}
            </div>
          </div>
        </form>
        <div className="space-y-4 lg:sticky lg:top-18 lg:self-start">
          {widget ? (
            <SnippetBox snippet={widget.snippet} hasOrigins={widget.settings.allowedOrigins.length > 0} />
          ) : (
            <p className="rounded-lg border border-dashed border-neutral-300 bg-white px-4 py-3 text-sm text-neutral-500">Create the widget to get the snippet for your site.</p>
          )}
          <WidgetPreview message={widgetPreviewMessage(values, lastValidColor.current)} widgetKey={widget?.key ?? null} />
        </div>
      </div>
      {deleting && widget && <DeleteWidgetDialog widget={widget} onCancel={() => setDeleting(false)} onDeleted={() => navigate('/channels', { replace: true })} />}
    </>
  );
}
