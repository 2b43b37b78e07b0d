// The foot of a paged list: "Load more" while there is a next page, and why the last page failed to load.
import { Button } from './button';
import { errorMessage } from '@/lib/api-error';

export interface PagedQuery {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

export function LoadMore({ list }: { list: PagedQuery }) {
  return (
    <>
      {list.hasNextPage ? (
        <div className="mt-3 flex justify-center">
          <Button onClick={() => list.fetchNextPage()} disabled={list.isFetchingNextPage}>
            {list.isFetchingNextPage ? 'Loading…' : 'Load more'}
          </Button>
        </div>
      ) : null}
      {list.isFetchNextPageError ? (
        <p role="alert" className="mt-2 text-center text-sm text-danger">
          {errorMessage(list.error)}
        </p>
      ) : null}
    </>
  );
}
