import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { PaymentCompletePage } from './payment-complete-page';

const at = (url: string) =>
  render(
    <MemoryRouter initialEntries={[url]}>
      <PaymentCompletePage />
    </MemoryRouter>,
  );

describe('PaymentCompletePage', () => {
  it('thanks the customer for the order they paid', () => {
    at('/payment-complete?order=1042');
    expect(screen.getByRole('heading', { level: 1, name: 'Thank you for your payment' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toContain('order #1042 was received');
  });

  it('says nothing was charged when the customer cancelled, and ignores an order number that is not one', () => {
    at('/payment-complete?order=<b>x</b>&cancelled=1');
    expect(screen.getByRole('heading', { level: 1, name: 'Payment cancelled' })).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Payment cancelledNothing was charged. You can pay later with the same link.');
  });
});
