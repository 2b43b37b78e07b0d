// The public form page's calls (API.md: Commerce, forms): the definition by public key and a submission. No
// sign-in; kept apart from the builder's calls so the public page's chunk stays small.
import { queryOptions, useMutation } from '@tanstack/react-query';
import { call } from '@/lib/api-client';

export const publicFormQueryOptions = (publicKey: string) =>
  queryOptions({
    queryKey: ['public', 'forms', publicKey] as const,
    queryFn: ({ signal }) => call('public-forms.getPublicForm', { params: { publicKey }, signal }),
    staleTime: 60_000,
  });

export function useSubmitPublicForm(publicKey: string) {
  return useMutation({
    mutationFn: (answers: Record<string, unknown>) => call('public-forms.submitPublicForm', { params: { publicKey }, body: answers }),
  });
}
