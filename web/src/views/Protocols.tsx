import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api } from '../api/client.ts';
import { useProtocol, useSummary } from '../api/queries.ts';
import type { ProtocolComparison, ProtocolSummary } from '../api/types.ts';
import { formatDay, Loadable, ScrollRegion, VERDICTS } from '../components/ui.tsx';

function ProtocolText({ name }: { name: string }) {
  const detail = useProtocol(name);
  return (
    <Loadable query={detail} label={`protocol ${name}`}>
      {(d) => (
        <section aria-labelledby="protocol-view">
          <h2 id="protocol-view">
            {name} <span className="muted">version {d.version.version}</span>
          </h2>
          <p className="muted">
            In force since {formatDay(d.version.effectiveAt)}, recorded by {d.version.recordedBy}, sha256{' '}
            <code className="hash">{d.version.sha256}</code>
          </p>
          <pre className="protocol-text">{d.text}</pre>
          {d.history.length > 1 && (
            <>
              <h3>Versions</h3>
              <ul className="plain">
                {d.history.map((h) => (
                  <li key={h.sha256}>
                    {h.version}, in force {formatDay(h.effectiveAt)} ({h.recordedBy})
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
    </Loadable>
  );
}

function Comparison({ a, b }: { a: string; b: string }) {
  const diff = useQuery({
    queryKey: ['compare', a, b],
    queryFn: () => api<ProtocolComparison>('/protocols/compare', { query: { a, b } }),
  });
  const sa = useSummary(a);
  const sb = useSummary(b);
  return (
    <section aria-labelledby="compare-heading">
      <h2 id="compare-heading">
        {a} compared with {b}
      </h2>
      <Loadable query={sa} label={`the fleet under ${a}`}>
        {(x) => (
          <Loadable query={sb} label={`the fleet under ${b}`}>
            {(y) => (
              <table>
                <caption>The same fleet scored under each protocol</caption>
                <thead>
                  <tr>
                    <th scope="col">Devices</th>
                    <th scope="col">{a}</th>
                    <th scope="col">{b}</th>
                  </tr>
                </thead>
                <tbody>
                  {VERDICTS.map((v) => (
                    <tr key={v}>
                      <th scope="row">{v}</th>
                      <td>{x.devices.byVerdict[v]}</td>
                      <td>{y.devices.byVerdict[v]}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">open findings</th>
                    <td>{x.findings.open}</td>
                    <td>{y.findings.open}</td>
                  </tr>
                </tbody>
              </table>
            )}
          </Loadable>
        )}
      </Loadable>
      <Loadable query={diff} label="the comparison">
        {(d) => (
          <ScrollRegion label="Differences table">
            <table>
              <caption>Settings that differ ({d.differences.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Setting</th>
                  <th scope="col">{a}</th>
                  <th scope="col">{b}</th>
                  <th scope="col">Stricter</th>
                </tr>
              </thead>
              <tbody>
                {d.differences.map((x) => (
                  <tr key={x.path}>
                    <th scope="row">
                      <code>{x.path}</code>
                    </th>
                    <td>{x.a ?? '—'}</td>
                    <td>{x.b ?? '—'}</td>
                    <td>{x.stricter === 'a' ? a : x.stricter === 'b' ? b : x.stricter}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        )}
      </Loadable>
    </section>
  );
}

export function ProtocolsView() {
  const list = useQuery({ queryKey: ['protocols'], queryFn: () => api<ProtocolSummary[]>('/protocols') });
  const [viewing, setViewing] = useState<string | null>(null);
  const [pair, setPair] = useState<{ a: string; b: string } | null>(null);
  const names = (list.data ?? []).map((p) => p.name);

  const compare = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const a = String(form.get('a') ?? '');
    const b = String(form.get('b') ?? '');
    if (a && b) setPair({ a, b });
  };

  return (
    <>
      <h1>Protocols</h1>
      <Loadable query={list} label="the protocols">
        {(ps) => (
          <table>
            <caption>Protocols in force</caption>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Title</th>
                <th scope="col">Version</th>
                <th scope="col">Extends</th>
                <th scope="col">In force since</th>
              </tr>
            </thead>
            <tbody>
              {ps.map((p) => (
                <tr key={p.name}>
                  <th scope="row">
                    <button
                      type="button"
                      className="link"
                      aria-pressed={viewing === p.name}
                      onClick={() => setViewing(p.name)}
                    >
                      {p.name}
                    </button>
                  </th>
                  <td>{p.title}</td>
                  <td>{p.version}</td>
                  <td>{p.extends ?? '—'}</td>
                  <td>{formatDay(p.effectiveAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Loadable>
      {names.length >= 2 && (
        <form className="filters" onSubmit={compare} aria-label="Compare two protocols">
          <label>
            First protocol
            <select name="a" defaultValue={names[0]}>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <label>
            Second protocol
            <select name="b" defaultValue={names[1]}>
              {names.map((n) => (
                <option key={n}>{n}</option>
              ))}
            </select>
          </label>
          <button type="submit">Compare</button>
        </form>
      )}
      {pair && <Comparison a={pair.a} b={pair.b} />}
      {viewing && <ProtocolText name={viewing} />}
    </>
  );
}
