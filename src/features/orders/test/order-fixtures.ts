// Builders of orders, payments and payment events for the orders feature's tests.
import type { Order, Payment, PaymentEvent } from '../../../../contracts/orders';

export const orderIds = {
  order: '00000000-0000-4000-8000-0000000000e1',
  other: '00000000-0000-4000-8000-0000000000e2',
  customer: '00000000-0000-4000-8000-0000000000c1',
  conversation: '00000000-0000-4000-8000-0000000000c2',
  payment: '00000000-0000-4000-8000-0000000000f1',
  product: '00000000-0000-4000-8000-0000000000d1',
};

export const order = (over: Partial<Order> = {}): Order => ({
  id: orderIds.order,
  number: 1001,
  customer: { id: orderIds.customer, name: 'Maya Chen' },
  conversationId: orderIds.conversation,
  items: [
    { productId: orderIds.product, sku: 'TEE-BLK-M', name: 'Black tee, M', quantity: 2, unitPrice: 2500, total: 5000 },
    { productId: '00000000-0000-4000-8000-0000000000d2', sku: 'MUG-1', name: 'Mug', quantity: 1, unitPrice: 1299, total: 1299 },
  ],
  subtotal: 6299,
  total: 6299,
  currency: 'usd',
  status: 'pending',
  paymentStatus: 'unpaid',
  amountPaid: 0,
  amountRefunded: 0,
  notes: null,
  createdAt: '2026-11-20T09:30:00.000Z',
  updatedAt: '2026-11-20T09:30:00.000Z',
  ...over,
});

export const payment = (over: Partial<Payment> = {}): Payment => ({
  id: orderIds.payment,
  orderId: orderIds.order,
  amount: 6299,
  currency: 'usd',
  status: 'succeeded',
  amountRefunded: 0,
  stripePaymentIntentId: 'pi_123',
  clientSecret: null,
  nextActionUrl: null,
  lastError: null,
  createdAt: '2026-11-20T09:31:00.000Z',
  updatedAt: '2026-11-20T09:32:00.000Z',
  ...over,
});

export const paymentEvent = (over: Partial<PaymentEvent> & Pick<PaymentEvent, 'id' | 'type'>): PaymentEvent => ({
  paymentId: orderIds.payment,
  amount: null,
  status: null,
  message: null,
  createdAt: '2026-11-20T09:31:00.000Z',
  ...over,
});
