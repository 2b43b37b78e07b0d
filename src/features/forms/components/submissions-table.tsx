// A form's submissions, newest first: when, who (the email answer), what they answered in short, and the
// conversation and order each opened; Load more, and the whole list as CSV.
import { useInfiniteQuery, useMutation, useQuery } from '@tanstack/react-query';
import { Download } from 'lucide-react';
import { Link } from 'react-router';
import type { Form, Submission } from '../../../../contracts/forms';
import { Button } from '@/components/button';
import { FormError } from '@/components/form-error';
import { LoadingBlock } from '@/components/spinner';
import { StateMessage } from '@/components/state-message';
import { errorMessage } from '@/lib/api-error';
import { formatDateTime } from '@/lib/format-time';
import { downloadSubmissionsCsv, productSearchQueryOptions, submissionsQueryOptions } from '../api';

type Answer = Submission['answers'][string];

function answerText(answer: Answer, productNames: Map<string, string>): string {
  if (typeof answer === 'boolean') return answer ? 'Yes' : 'No';
  if (Array.isArray(answer)) return answer.map((item) => `${item.quantity} × ${productNames.get(item.productId) ?? 'product'}`).join(', ');
  return String(answer);
}

/** "Size: M · Message: Hello…": every answer but the email, which has its own column. */
export function answersSummary(form: Pick<Form, 'fields'>, submission: Submission, productNames: Map<string, string>): string {
  return (
    form.fields
      .filter((field) => field.type !== 'email' && submission.answers[field.key] !== undefined && submission.answers[field.key] !== '')
      // "Size: M", but "Anything else? No": a label that ends in punctuation needs no colon.
      .map((field) => `${field.label}${/[?:!.]$/.test(field.label) ? '' : ':'} ${answerText(submission.answers[field.key]!, productNames)}`)
      .join(' · ')
  );
}

export function SubmissionsTable({ wid, form }: { wid: string; form: Form }) {
  const submissions = useInfiniteQuery(submissionsQueryOptions(wid, form.id));
  const hasProducts = form.fields.some((field) => field.type === 'product');
  const products = useQuery({ ...productSearchQueryOptions(wid, ''), enabled: hasProducts });
  const productNames = new Map((products.data?.data ?? []).map((p) => [p.id, p.name]));
  const emailKey = form.fields.find((field) => field.type === 'email')?.key;
  const exportCsv = useMutation({ mutationFn: () => downloadSubmissionsCsv(wid, form) });
  const rows = submissions.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <div className="space-y-3">
      <div className="flex items-center justify-between gap-3">
        <p className="text-sm text-muted">{form.submissionCount === 1 ? '1 submission' : `${form.submissionCount} submissions`}</p>
        <Button size="sm" onClick={() => exportCsv.mutate()} disabled={exportCsv.isPending || form.submissionCount === 0}>
          <Download aria-hidden className="size-3.5" />
          {exportCsv.isPending ? 'Exporting…' : 'Export CSV'}
        </Button>
      </div>
      <FormError message={exportCsv.error ? errorMessage(exportCsv.error) : null} />
      {submissions.isPending ? (
        <LoadingBlock label="Loading submissions" />
      ) : submissions.isError && !submissions.data ? (
        <StateMessage title="Could not load the submissions" tone="error" action={<Button onClick={() => submissions.refetch()}>Try again</Button>}>
          {errorMessage(submissions.error)}
        </StateMessage>
      ) : rows.length === 0 ? (
        <StateMessage title="No submissions yet">Share the public link: what people send arrives here, and in the inbox.</StateMessage>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-border bg-surface">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">Submissions of {form.name}, newest first</caption>
            <thead className="border-b border-border text-xs text-muted">
              <tr>
                <th scope="col" className="px-3 py-2 font-medium whitespace-nowrap">
                  Received
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Customer
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Answers
                </th>
                <th scope="col" className="px-3 py-2 font-medium">
                  Opened
                </th>
              </tr>
            </thead>
            <tbody className="divide-y divide-border">
              {rows.map((submission) => {
                const email = emailKey ? submission.answers[emailKey] : undefined;
                const summary = answersSummary(form, submission, productNames);
                return (
                  <tr key={submission.id} data-testid="submission-row" className="align-top">
                    <td className="px-3 py-2 whitespace-nowrap text-muted">{formatDateTime(submission.createdAt)}</td>
                    <td className="max-w-56 truncate px-3 py-2" title={typeof email === 'string' ? email : undefined}>
                      {typeof email === 'string' && email ? email : <span className="text-muted">—</span>}
                    </td>
                    <td className="px-3 py-2">
                      <p className="line-clamp-2 max-w-xl" title={summary}>
                        {summary || <span className="text-muted">—</span>}
                      </p>
                    </td>
                    <td className="px-3 py-2 whitespace-nowrap">
                      <span className="flex gap-3">
                        {submission.conversationId ? (
                          <Link to={`/w/${wid}/inbox/${submission.conversationId}`} className="font-medium text-accent hover:underline">
                            Conversation
                          </Link>
                        ) : null}
                        {submission.orderId ? (
                          <Link to={`/w/${wid}/orders/${submission.orderId}`} className="font-medium text-accent hover:underline">
                            Order
                          </Link>
                        ) : null}
                        {!submission.conversationId && !submission.orderId ? <span className="text-muted">—</span> : null}
                      </span>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {submissions.hasNextPage ? (
        <Button onClick={() => submissions.fetchNextPage()} disabled={submissions.isFetchingNextPage}>
          {submissions.isFetchingNextPage ? 'Loading…' : 'Load more'}
        </Button>
      ) : null}
    </div>
  );
}
