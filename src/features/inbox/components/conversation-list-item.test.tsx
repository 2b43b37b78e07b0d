import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import { conversation } from '@/test/fixtures';
import { ConversationListItem } from './conversation-list-item';

const renderItem = (c: ReturnType<typeof conversation>) =>
  render(
    <MemoryRouter>
      <ul>
        <ConversationListItem conversation={c} href="/x" selected={false} now={Date.now()} assigneeName={null} />
      </ul>
    </MemoryRouter>,
  );

describe('ConversationListItem preview', () => {
  it('marks a private note as a note, not as a reply', () => {
    renderItem(
      conversation(1, { lastMessage: { content: 'Refund approved internally', senderType: 'agent', private: true, createdAt: new Date().toISOString() } }),
    );
    expect(screen.getByText('Note')).toBeInTheDocument();
    expect(screen.queryByText('Team:')).toBeNull();
  });

  it('shows a team reply with its reply marker', () => {
    renderItem(conversation(2, { lastMessage: { content: 'On its way', senderType: 'agent', private: false, createdAt: new Date().toISOString() } }));
    expect(screen.getByText('Team:')).toBeInTheDocument();
    expect(screen.queryByText('Note')).toBeNull();
  });
});
