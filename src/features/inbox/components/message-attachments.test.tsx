import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { message } from '@/test/fixtures';
import { renderRoute } from '@/test/render';
import { formatFileSize } from './message-attachments';
import { MessageItem } from './message-item';

const photo = { id: 'a1', name: 'photo.png', contentType: 'image/png', size: 2048, url: 'https://files.example/w/1/attachment/k/photo.png' };
const invoice = {
  id: 'a2',
  name: 'Invoice März.pdf',
  contentType: 'application/pdf',
  size: 2_621_440,
  url: 'https://files.example/w/1/attachment/k/Invoice-Marz.pdf',
};

describe('a message’s attachments in the thread', () => {
  it('shows an image as a thumbnail opening full size, and a file as a download link with its name and size', () => {
    renderRoute(
      <ul>
        <MessageItem message={message(1, { senderType: 'customer', content: 'See these', attachments: [photo, invoice] })} senderName="Ada" />
      </ul>,
    );
    const files = screen.getByTestId('message-attachments');
    const image = within(files).getByRole('img', { name: 'photo.png' });
    expect(image).toHaveAttribute('src', photo.url);
    expect(image.closest('a')).toHaveAttribute('href', photo.url);
    expect(image.closest('a')).toHaveAttribute('target', '_blank');
    const link = within(files).getByRole('link', { name: /Invoice März\.pdf/ });
    expect(link).toHaveAttribute('href', invoice.url);
    expect(link).toHaveAttribute('download', 'Invoice März.pdf');
    expect(link).toHaveTextContent('2.5 MB');
  });

  it('never links an address that is not a web address, and shows nothing for a message without files', () => {
    renderRoute(
      <ul>
        <MessageItem
          message={message(2, { senderType: 'customer', content: 'x', attachments: [{ ...invoice, url: 'javascript:alert(1)' }] })}
          senderName="Ada"
        />
        <MessageItem message={message(3, { senderType: 'customer', content: 'plain' })} senderName="Ada" />
      </ul>,
    );
    expect(screen.queryByTestId('message-attachments')).toBeNull();
    expect(screen.queryByRole('link')).toBeNull();
  });

  it('sizes read as people read them', () => {
    expect([formatFileSize(980), formatFileSize(48 * 1024), formatFileSize(2.4 * 1024 * 1024)]).toEqual(['980 B', '48 KB', '2.4 MB']);
  });
});
