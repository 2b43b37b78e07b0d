import { render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { describe, expect, it } from 'vitest';
import type { ConversationListItem as ListConversation } from '../../../../contracts/conversations';
import { conversation, inboxIds } from '@/test/fixtures';
import { ConversationListItem } from './conversation-list-item';
import { parseSnippet } from './search-snippet';

const renderItem = (c: ListConversation) =>
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

describe('ConversationListItem search hit', () => {
  it('parses only <mark> out of the escaped snippet', () => {
    expect(parseSnippet('a &lt;b&gt; &amp; <mark>refund</mark> &quot;x&#39; <script>')).toEqual([
      { text: 'a <b> & ', marked: false },
      { text: 'refund', marked: true },
      { text: ' "x\' <script>', marked: false },
    ]);
  });

  it('shows the snippet with the matched words marked, as text, and links to the message', () => {
    const { container } = renderItem({
      ...conversation(3),
      match: { messageId: inboxIds.message(7), snippet: '&lt;img src=x onerror=alert(1)&gt; your <mark>refund</mark> is on its way' },
    });
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByText('refund').tagName).toBe('MARK');
    expect(screen.getByText('<img src=x onerror=alert(1)>', { exact: false })).toBeInTheDocument();
    expect(screen.getByRole('link')).toHaveAttribute('href', `/x#message-${inboxIds.message(7)}`);
  });
});

describe('ConversationListItem tags', () => {
  it('shows two tags and "+N" for the rest', () => {
    renderItem(conversation(4, { tags: ['vip', 'billing', 'eu', 'late'] }));
    expect(screen.getByText('vip')).toBeInTheDocument();
    expect(screen.getByText('billing')).toBeInTheDocument();
    expect(screen.queryByText('eu')).toBeNull();
    expect(screen.getByText('+2')).toHaveAttribute('title', 'eu, late');
  });
});
