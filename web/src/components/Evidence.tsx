import { useProtocol } from '../api/queries.ts';
import { evidenceRows } from '../lib/evidence.ts';
import { RelativeDay } from './ui.tsx';

/**
 * A finding's evidence for people (lib/evidence.ts): sources by title and link from the
 * finding's protocol, instants as local dates with how long ago, record ids behind a toggle.
 */
export function Evidence({
  evidence,
  protocol,
}: {
  evidence: Readonly<Record<string, unknown>>;
  protocol: string | null;
}) {
  const detail = useProtocol(protocol);
  const { shown, ids } = evidenceRows(evidence, detail.data?.resolved.metadata.sources ?? []);
  if (shown.length === 0 && ids.length === 0) return null;
  return (
    <>
      {shown.length > 0 && (
        <dl className="evidence">
          {shown.map((r) => (
            <div key={r.key}>
              <dt>{r.label}</dt>
              <dd>
                {r.value.kind === 'instant' ? (
                  <RelativeDay iso={r.value.iso} />
                ) : r.value.kind === 'sources' ? (
                  <ul className="plain">
                    {r.value.sources.map((s) => (
                      <li key={s.id}>
                        {s.url === undefined ? s.title : <a href={s.url}>{s.title}</a>}
                        {s.section === undefined ? '' : `, ${s.section}`}
                      </li>
                    ))}
                  </ul>
                ) : (
                  r.value.text
                )}
              </dd>
            </div>
          ))}
        </dl>
      )}
      {ids.length > 0 && (
        <details className="record-ids">
          <summary>Record ids</summary>
          <dl className="evidence">
            {ids.map((r) => (
              <div key={r.key}>
                <dt>{r.label}</dt>
                <dd>
                  <code>{r.value.kind === 'text' ? r.value.text : ''}</code>
                </dd>
              </div>
            ))}
          </dl>
        </details>
      )}
    </>
  );
}
