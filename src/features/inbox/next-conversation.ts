// Where `e` goes after closing the open conversation: the one below it in the list, or the one above when it
// was the last; null (the empty state) when it was the only one or is not in the list.

export function nextAfterClosing<T extends { id: string }>(list: readonly T[], closingId: string): T | null {
  const index = list.findIndex((c) => c.id === closingId);
  if (index === -1) return null;
  return list[index + 1] ?? list[index - 1] ?? null;
}
