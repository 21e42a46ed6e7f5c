/** Shared reads, cached by react-query under stable keys. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Device, Person, ProtocolDetail, Summary } from './types.ts';

export function usePeople() {
  return useQuery({ queryKey: ['people'], queryFn: () => api<Person[]>('/people'), staleTime: 60_000 });
}

/** id -> display name, falling back to the id while people load. */
export function usePersonName(): (id: string | null | undefined) => string {
  const people = usePeople();
  const names = new Map((people.data ?? []).map((p) => [p.id, p.name]));
  return (id) => (id ? (names.get(id) ?? id) : '—');
}

/** The compliance summary, under every protocol's own or judged against one `protocol`. */
export function useSummary(protocol?: string) {
  return useQuery({
    queryKey: protocol === undefined ? ['summary'] : ['summary', protocol],
    queryFn: () => api<Summary>('/compliance/summary', protocol === undefined ? {} : { query: { protocol } }),
  });
}

/** One protocol's text and versions; waits while `name` is null (not yet known). */
export function useProtocol(name: string | null) {
  return useQuery({
    queryKey: ['protocol', name],
    queryFn: () => api<ProtocolDetail>(`/protocols/${name}`),
    enabled: name !== null,
  });
}

export function deviceLabel(d: Pick<Device, 'model' | 'role' | 'id'>): string {
  return `${d.model} (${d.role}, ${d.id})`;
}
