/** Shared reads, cached by react-query under stable keys. */
import { useQuery } from '@tanstack/react-query';
import { api } from './client.ts';
import type { Device, Person } from './types.ts';

export function usePeople() {
  return useQuery({ queryKey: ['people'], queryFn: () => api<Person[]>('/people'), staleTime: 60_000 });
}

/** id -> display name, falling back to the id while people load. */
export function usePersonName(): (id: string | null | undefined) => string {
  const people = usePeople();
  const names = new Map((people.data ?? []).map((p) => [p.id, p.name]));
  return (id) => (id ? (names.get(id) ?? id) : '—');
}

export function deviceLabel(d: Pick<Device, 'model' | 'role' | 'id'>): string {
  return `${d.model} (${d.role}, ${d.id})`;
}
