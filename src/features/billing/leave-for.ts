/** Leaves the app for Stripe's pages (Checkout, the customer portal); they come back to the billing tab. */
export function leaveFor(url: string): void {
  window.location.assign(url);
}
