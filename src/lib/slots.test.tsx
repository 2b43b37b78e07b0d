import { render, screen } from '@testing-library/react';
import { lazy } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { features } from '@/app/features';
import { defineFeature, type SlotProps } from './feature';
import { panelsFor, Slot, SlotProvider } from './slots';

type Props = SlotProps['conversation.details'];
const props: Props = { wid: 'w1', conversationId: 'c1', customerId: 'u1', refreshConversation: () => {} };

function Broken(): never {
  throw new Error('panel failed');
}

const sample = [
  defineFeature({
    id: 'late',
    panels: [{ slot: 'conversation.details', order: 20, component: ({ customerId }: Props) => <p>Late panel for {customerId}</p> }],
  }),
  defineFeature({
    id: 'early',
    panels: [
      {
        slot: 'conversation.details',
        order: 10,
        component: lazy(async () => ({ default: ({ conversationId }: Props) => <p>Early panel for {conversationId}</p> })),
      },
    ],
  }),
  defineFeature({ id: 'broken', panels: [{ slot: 'conversation.details', order: 15, component: Broken }] }),
  defineFeature({ id: 'none' }),
];

describe('slots', () => {
  it("renders the slot's panels in order with the page's props, a failing one alone replaced by a message", async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    render(
      <SlotProvider features={sample}>
        <Slot name="conversation.details" props={props} />
      </SlotProvider>,
    );
    expect(await screen.findByText('Early panel for c1')).toBeInTheDocument();
    const texts = screen.getAllByText(/panel for|could not be shown/).map((node) => node.textContent);
    expect(texts).toEqual(['Early panel for c1', 'This section could not be shown. Reload the page to try again.', 'Late panel for u1']);
    error.mockRestore();
  });

  it('composes the panels of a slot across features, keyed per feature', () => {
    expect(panelsFor(sample, 'conversation.details').map((panel) => panel.key)).toEqual(['early:0', 'broken:0', 'late:0']);
  });

  it("fills the conversation panel from the app's features: orders come from the conversation-commerce feature", () => {
    expect(panelsFor(features, 'conversation.details').map((panel) => panel.key)).toContain('conversation-commerce:0');
  });
});
