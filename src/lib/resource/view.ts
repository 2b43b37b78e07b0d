// A list page's view as its address carries it: the search (`q`), the sort (`sort`, `-` for descending; absent
// when it is the declaration's default) and each filter the declaration allows (its `filter: true` fields and
// its date `ranges`). Values the API would refuse (an unknown sort, an enum value it does not have, a malformed
// id or date) are ignored rather than sent.
import { fieldsOf, sortFields, type ResourceDef } from '../../../contracts/resource';
import type { Field } from './format';
import type { ResourceFilters } from './keys';

export interface ListView {
  q: string;
  /** The sort in effect (the default when the address names none). */
  sort: string;
  /** Field filters and date ranges, by their query names. */
  filters: ResourceFilters;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export const filterFields = (def: ResourceDef): Field[] => fieldsOf(def).filter((f) => f.filter);
export const rangeNames = (def: ResourceDef): string[] => Object.keys(def.ranges ?? {});

/** Every search parameter the view uses (what "Clear filters" removes, with the sort kept). */
export const viewParams = (def: ResourceDef): string[] => ['q', ...filterFields(def).map((f) => f.key), ...rangeNames(def)];

export function isSortOf(def: ResourceDef, sort: string): boolean {
  return sortFields(def).includes(sort.replace(/^-/, ''));
}

function validFilter(field: Field, value: string): boolean {
  if (field.kind === 'enum') return field.values.includes(value);
  if (field.kind === 'ref') return UUID.test(value);
  if (field.kind === 'date') return DATE.test(value);
  if (field.kind === 'int' || field.kind === 'money') return /^\d+$/.test(value);
  return value.length <= 200;
}

export function readView(def: ResourceDef, params: URLSearchParams): ListView {
  const sort = params.get('sort') ?? '';
  const filters: ResourceFilters = {};
  for (const field of filterFields(def)) {
    const value = (params.get(field.key) ?? '').trim();
    if (value && validFilter(field, value)) filters[field.key] = value;
  }
  for (const name of rangeNames(def)) {
    const value = params.get(name) ?? '';
    if (DATE.test(value)) filters[name] = value;
  }
  return { q: (params.get('q') ?? '').trim().slice(0, 200), sort: sort && isSortOf(def, sort) ? sort : def.defaultSort, filters };
}

/** The list's query: only what is set, and no sort when it is the default (one cache entry per view). */
export function apiFilters(def: ResourceDef, view: ListView): ResourceFilters {
  return {
    ...(view.q ? { q: view.q } : {}),
    ...(view.sort !== def.defaultSort ? { sort: view.sort } : {}),
    ...view.filters,
  };
}

export const isFiltered = (view: ListView): boolean => Boolean(view.q) || Object.keys(view.filters).length > 0;
