import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { ids, message } from '@/test/fixtures';
import { renderRoute } from '@/test/render';
import { MessageItem } from './message-item';

const ORDER_ID = '00000000-0000-4000-8000-00000000a042';
const paidLine = (data: Record<string, unknown>) =>
  message(1, { senderType: 'system', content: 'Order #1042 paid · $54.00', event: { type: 'order.paid', actorId: null, data } });

describe('an order paid line in the thread', () => {
  it('reads "Order #1042 paid · $54.00" with the order a link to its page', () => {
    renderRoute(
      <ul>
        <MessageItem message={paidLine({ orderId: ORDER_ID, number: 1042, total: 5400, currency: 'usd' })} senderName="" />
      </ul>,
      { path: `/w/${ids.workspace}/inbox`, pattern: '/w/:wid/inbox' },
    );
    const line = screen.getByTestId('message');
    expect(line).toHaveTextContent(/^Order #1042 paid · \$54\.00 · /);
    expect(screen.getByRole('link', { name: 'Order #1042' })).toHaveAttribute('href', `/w/${ids.workspace}/orders/${ORDER_ID}`);
  });

  it('formats the amount in its own currency, and falls back to the stored sentence when the data is not whole', () => {
    renderRoute(
      <ul>
        <MessageItem message={paidLine({ orderId: ORDER_ID, number: 7, total: 500, currency: 'jpy' })} senderName="" />
        <MessageItem message={{ ...paidLine({ number: 1042 }), id: '00000000-0000-4000-8000-0000000000b2' }} senderName="" />
      </ul>,
      { path: `/w/${ids.workspace}/inbox`, pattern: '/w/:wid/inbox' },
    );
    const [yen, partial] = screen.getAllByTestId('message');
    expect(yen).toHaveTextContent(/^Order #7 paid · ¥500 · /);
    expect(partial).toHaveTextContent(/^Order #1042 paid · \$54\.00 · /);
    expect(screen.getAllByRole('link')).toHaveLength(1);
  });
});
